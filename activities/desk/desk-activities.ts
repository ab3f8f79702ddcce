import { Context } from '@temporalio/activity';
import type { Pool } from '../../store/db.js';
import type { KeelConfig } from '../../config/schema.js';
import { assessBreakers, type BreakerAssessment, type BreakerReadings } from '../../domain/desk/breakers.js';
import type { ActiveBreaker, BreakerName, DeskState } from '../../domain/desk/desk-state.js';
import { markedEquity, venueDay } from '../../domain/risk/equity.js';
import { deliverAlert, type Alert, type AlertDelivery } from '../alerts/webhook.js';
import { lastTrades, pricesOf } from '../risk/account-book.js';
import { heldSymbols, readBookPositions } from '../../store/ledger/position-book.js';
import { countRecentVenueErrors } from '../../store/ledger/order-queries.js';
import { latestEquityMark, markEquity } from '../../store/risk/equity-marks.js';
import { persistDeskChange, readDesk, type DeskEventRecord } from '../../store/desk/desk-store.js';
import type { VenueRegistry } from '../../venues/venue-registry.js';
import { cancelOpenOrders } from './cancel-open-orders.js';
import { type CancelOpenReport } from '../../contracts/desk.js';

export interface DeskActivityDependencies {
  pool: Pool;
  config: KeelConfig;
  venues: VenueRegistry;
}

export interface DeskSettings {
  /** How often the desk assesses its breakers. */
  checkIntervalMs: number;
}

/** The desk's side effects: its persisted state, breaker readings, alerts, mass cancel. */
export function createDeskActivities({ pool, config, venues }: DeskActivityDependencies) {
  return {
    /** The persisted desk (a new account starts ACTIVE) and the settings the workflow runs with. */
    async loadDesk(account: string): Promise<{ state: DeskState; settings: DeskSettings }> {
      const { changeId: _changeId, ...state } = await readDesk(pool, account);
      return {
        state,
        settings: { checkIntervalMs: Math.round(config.risk.breakers.checkIntervalSeconds * 1000) },
      };
    },

    /** Persists a change with its audit row before the workflow acknowledges it (idempotent by change id). */
    async persistDeskChange(input: {
      event: DeskEventRecord;
      state: DeskState | null;
    }): Promise<{ applied: boolean }> {
      return persistDeskChange(pool, input.event, input.state);
    },

    /** Marks equity, counts recent venue errors and says which breakers trip, clear or re-arm. */
    async assessDesk(input: {
      account: string;
      active: ActiveBreaker[];
      overridden: BreakerName[];
    }): Promise<{ readings: BreakerReadings; assessment: BreakerAssessment }> {
      const readings = await readBreakerReadings(pool, config, venues, input.account);
      const { limits, breakers } = config.risk;
      const assessment = assessBreakers(
        input.active,
        input.overridden,
        {
          maxDrawdownPct: limits.maxDrawdownPct,
          drawdownResumePct: breakers.drawdownResumePct,
          maxDailyLoss: limits.maxDailyLoss,
          maxErrorsPerMinute: breakers.maxErrorsPerMinute,
        },
        readings,
      );
      return { readings, assessment };
    },

    async sendAlert(alert: Alert): Promise<AlertDelivery> {
      return deliverAlert(config.alerts.webhookUrl, alert);
    },

    /** Cancels every open order of the account: through each order's workflow, then at the venue. */
    async cancelOpenOrders(input: { account: string; reason: string }): Promise<CancelOpenReport> {
      return cancelOpenOrders(
        { pool, venue: venues.venueFor(input.account), client: Context.current().client },
        input,
      );
    },
  };
}

async function readBreakerReadings(
  pool: Pool,
  config: KeelConfig,
  venues: VenueRegistry,
  account: string,
): Promise<BreakerReadings> {
  const venue = venues.venueFor(account);
  const [symbols, now] = await Promise.all([heldSymbols(pool, account), venue.serverTime()]);
  const trades = await lastTrades(venue, symbols);
  const marks = pricesOf(trades);
  const equity = markedEquity(config.risk.startingEquity, await readBookPositions(pool, account), marks);
  const day = venueDay(now);
  const equityMarks =
    equity === null
      ? await latestEquityMark(pool, account, day)
      : await markEquity(pool, account, day, equity, config.risk.startingEquity ?? equity);
  const errorsLastMinute = await countRecentVenueErrors(pool, account);
  return {
    equity,
    peakEquity: equity === null ? null : (equityMarks?.peakEquity ?? null),
    startOfDayEquity: equity === null ? null : (equityMarks?.startOfDayEquity ?? null),
    errorsLastMinute,
  };
}

export type DeskActivities = ReturnType<typeof createDeskActivities>;
