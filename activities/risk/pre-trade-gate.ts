import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from '../../store/db.js';
import type { KeelConfig } from '../../config/schema.js';
import { canonicalJson } from '../../lib/canonical-json.js';
import type { OrderIntent } from '../../domain/orders/types.js';
import { markedEquity, startOfVenueDay, venueDay } from '../../domain/risk/equity.js';
import { evaluatePreTradeRisk } from '../../domain/risk/pre-trade.js';
import type { RiskDecision, RiskLimits, RiskSnapshot } from '../../domain/risk/snapshot.js';
import type { Venue } from '../../venues/venue.js';
import { VenueError } from '../../venues/venue-errors.js';
import { lastTrades, pricesOf } from './account-book.js';
import { lockDesk } from '../../store/desk/desk-store.js';
import { openOrderSymbols, readOpenOrderExposures } from '../../store/ledger/order-queries.js';
import { heldSymbols, readBookPositions } from '../../store/ledger/position-book.js';
import { latestEquityMark, markEquity } from '../../store/risk/equity-marks.js';
import {
  countAllowedDecisions,
  findDuplicateAllowed,
  readStoredDecision,
  storeDecision,
} from '../../store/risk/risk-decisions.js';
import { withTransaction } from '../../store/transaction.js';

export interface GateDependencies {
  pool: Pool;
  venue: Venue;
  config: KeelConfig;
}

/** Every limit, present or not: an absent one is recorded as absent (and blocks). */
function gateLimits({ risk: { limits } }: KeelConfig): RiskLimits {
  return {
    maxOrderQuantity: limits.maxOrderQuantity,
    maxOrderNotional: limits.maxOrderNotional,
    priceCollarBps: limits.priceCollarBps,
    maxPositionNotional: limits.maxPositionNotional,
    maxGrossExposure: limits.maxGrossExposure,
    maxDailyLoss: limits.maxDailyLoss,
    maxDrawdownPct: limits.maxDrawdownPct,
    maxTradesPerDay: limits.maxTradesPerDay,
    lossCooldownSeconds: limits.lossCooldownSeconds,
    maxOrdersPerMinute: limits.maxOrdersPerMinute,
    maxMarketDataAgeSeconds: limits.maxMarketDataAgeSeconds,
  };
}

/** What the venue says, gathered before the lock is taken (network calls never run under it). */
interface VenueView {
  instrumentKnown: boolean;
  now: number;
  trades: Awaited<ReturnType<typeof lastTrades>>;
}

async function viewVenue(pool: Pool, venue: Venue, intent: OrderIntent): Promise<VenueView> {
  let instrumentKnown = true;
  try {
    await venue.instrument(intent.symbol);
  } catch (error) {
    if (!(error instanceof VenueError && error.reason === 'UNKNOWN_SYMBOL')) throw error;
    instrumentKnown = false;
  }
  // Symbols with a position or an open order: the exposure rules value every one of them.
  const symbols = [
    ...(await heldSymbols(pool, intent.account)),
    ...(await openOrderSymbols(pool, intent.account)),
  ];
  if (instrumentKnown) symbols.push(intent.symbol);
  const trades = await lastTrades(venue, symbols);
  // "Now" comes with the intent symbol's price where it can: one response, one clock (the
  // simulator's market time can run 600× faster than a second request could keep up with).
  const now = trades[intent.symbol]?.venueNow ?? (await venue.serverTime());
  if (!Number.isFinite(now))
    throw new VenueError('retryable', 'VENUE_ERROR', 'the venue gave no server time');
  return { instrumentKnown, now, trades };
}

async function duplicateOf(
  client: PoolClient,
  intent: OrderIntent,
  now: number,
  windowSeconds: number,
): Promise<string | null> {
  if (windowSeconds <= 0 || !Number.isFinite(intent.quantity)) return null;
  return findDuplicateAllowed(client, intent, now - windowSeconds * 1000);
}

/**
 * The pre-trade gate: captures one snapshot (venue first, then the ledger under the desk lock),
 * evaluates every rule and records the decision with its snapshot before any venue order call.
 * The first decision for a client order id is final: a retry returns the stored one unchanged.
 */
export async function runPreTradeGate(
  { pool, venue, config }: GateDependencies,
  intent: OrderIntent,
): Promise<RiskDecision> {
  const stored = await readStoredDecision(pool, intent.clientOrderId);
  if (stored) return stored;
  const view = await viewVenue(pool, venue, intent);
  return withTransaction(pool, async (client) => {
    const desk = await lockDesk(client, intent.account);
    const again = await readStoredDecision(client, intent.clientOrderId);
    if (again) return again;
    const positions = await readBookPositions(client, intent.account);
    const open = await readOpenOrderExposures(client, intent);
    // The venue was read before the lock: an order or a fill committed since (another evaluation
    // of this account) can add a symbol. Its price is fetched now, rarely, rather than the rules
    // finding no mark for it and denying an order that is within every limit.
    const missing = [
      ...new Set([
        ...positions.filter((p) => p.quantity !== 0).map((p) => p.symbol),
        ...open.map((order) => order.symbol),
      ]),
    ].filter((symbol) => !(symbol in view.trades));
    if (missing.length > 0) Object.assign(view.trades, await lastTrades(venue, missing));
    const marks = pricesOf(view.trades);
    const equity = markedEquity(config.risk.startingEquity, positions, marks);
    const day = venueDay(view.now);
    const equityMarks =
      equity === null
        ? await latestEquityMark(client, intent.account, day)
        : await markEquity(client, intent.account, day, equity, config.risk.startingEquity ?? equity);
    const counts = await countAllowedDecisions(client, intent.account, startOfVenueDay(view.now));
    const lastLossAt = Math.max(...positions.map((position) => position.lastLossAt ?? -Infinity));
    const intentTrade = view.trades[intent.symbol] ?? null;
    const snapshot: RiskSnapshot = {
      intent,
      now: view.now,
      deskMode: desk.mode,
      instrumentKnown: view.instrumentKnown,
      lastPrice: intentTrade?.price ?? null,
      lastPriceTime: intentTrade?.time ?? null,
      positions: Object.fromEntries(
        [...new Set([...Object.keys(marks), ...positions.map((position) => position.symbol)])]
          .sort()
          .map((symbol) => [
            symbol,
            {
              quantity: positions.find((position) => position.symbol === symbol)?.quantity ?? 0,
              markPrice: marks[symbol] ?? null,
            },
          ]),
      ),
      openOrders: open,
      equity,
      peakEquity: equity === null ? null : (equityMarks?.peakEquity ?? null),
      startOfDayEquity: equity === null ? null : (equityMarks?.startOfDayEquity ?? null),
      ordersToday: counts.today,
      ordersLastMinute: counts.lastMinute,
      lastLossAt: Number.isFinite(lastLossAt) ? lastLossAt : null,
      duplicateOf: await duplicateOf(client, intent, view.now, config.risk.duplicateWindowSeconds),
      limits: gateLimits(config),
    };
    const decision = evaluatePreTradeRisk(snapshot);
    const digest = createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
    await storeDecision(client, { intent, decision, snapshot, digest, venueTime: view.now });
    return decision;
  });
}
