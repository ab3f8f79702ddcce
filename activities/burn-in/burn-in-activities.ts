import path from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Pool } from '../../store/db.js';
import type { KeelConfig } from '../../config/schema.js';
import { codeVersion } from '../../lib/code-version.js';
import { currentPlan, type BurnInPlan } from '../../contracts/burn-in/burn-in-plan.js';
import { describeDataset } from '../../store/market-data/dataset-manifest.js';
import { writeTruthReport } from '../../store/reports/write-report.js';
import type { RiskVerdict } from '../../domain/burn-in/halt-replacement.js';
import type { DeskMode } from '../../domain/risk/snapshot.js';
import { readDesk } from '../../store/desk/desk-store.js';
import { readDecisionVerdict } from '../../store/risk/risk-decisions.js';
import type { VenueRegistry } from '../../venues/venue-registry.js';
import { decideFrom, type DecideResult } from './decide-step.js';
import { markBoundariesReached, moveClock } from './run-clock.js';
import { decisionPointAtOrAfter, decisionPointsBetween } from '../../domain/burn-in/run-calendar.js';
import { beat, forgetBurnIn } from './heartbeats.js';
import { MarketCache, dropMarketCache, marketCacheFor } from './market-cache.js';
import {
  decisionPointCounts,
  insertRun,
  readEquity,
  recordDecisionPoints,
  runCounts,
  setRunStatus,
  unacknowledgedOrders,
  type BurnInStatus,
} from '../../store/burn-in/run-store.js';
import { SimMarket } from '../../venues/sim-market.js';
import { recordRunTrades } from '../../store/burn-in/trades-store.js';
import { buildTruthReport } from './truth-report-builder.js';
import { FAILURE } from '../../contracts/failures.js';
import { coverageProblem, type DatasetManifest } from '../../domain/market-data/dataset-manifest.js';
import type { BurnInFinish, BurnInHeartbeat } from '../../contracts/burn-in/burn-in-workflow.js';

export interface BurnInActivityDependencies {
  pool: Pool;
  config: KeelConfig;
  venues: VenueRegistry;
}

/** How long the clock waits for the venue to answer a run's new orders before moving on anyway. */
const ACK_WAIT_MS = 30_000;
/** Bars the clock may move to see a run's orders finish; a market order needs one or two. */
const MAX_BARS_FOR_ORDERS = 24;
const SKIPPED_WHILE_ORDERS_FINISHED =
  "the clock moved past it while the previous decision point's orders finished at the venue";

/**
 * A burn-in's side effects. Every one is idempotent under the run id: the account is created with
 * the same spec, decisions are keyed by (run, time, symbol), trades by their entry order, the
 * report by the run; the venue's clock only moves forward.
 */
export function createBurnInActivities(deps: BurnInActivityDependencies) {
  // Burn-ins are paper runs: their account, clock and data are the simulator's.
  return activitiesWith(deps, new SimMarket(deps.config.venue.baseUrl ?? 'http://127.0.0.1:0'));
}

function activitiesWith({ pool, config, venues }: BurnInActivityDependencies, sim: SimMarket) {
  const log = (message: string, attributes: Record<string, unknown>): void => {
    Context.current().log.info(message, { component: 'burn-in', ...attributes });
  };
  const cacheOf = (plan: BurnInPlan) => marketCacheFor(plan.runId, () => new MarketCache(sim, plan.account));
  const reportDir = (runId: string) => path.join(config.dataDir, 'burn-ins', runId);
  const limit = (value: number | 'unlimited' | undefined) =>
    typeof value === 'number' ? value : Number.MAX_SAFE_INTEGER;
  const riskVerdictOf = async (clientOrderId: string): Promise<RiskVerdict> => {
    for (;;) {
      const verdict = await readDecisionVerdict(pool, clientOrderId);
      if (verdict) return verdict;
      await new Promise((resolve) => setTimeout(resolve, 10));
      Context.current().heartbeat();
    }
  };
  const orderLimits = {
    maxQuantity: limit(config.risk.limits.maxOrderQuantity),
    maxNotional: limit(config.risk.limits.maxOrderNotional),
    maxGrossExposure: limit(config.risk.limits.maxGrossExposure),
  };

  return {
    /** Creates the run's simulated account, describes its data, stores the run (the plan was parsed where it started). */
    async prepareBurnIn(input: {
      plan: BurnInPlan;
    }): Promise<{ plan: BurnInPlan; dataset: DatasetManifest }> {
      if (config.venue.kind !== 'simulator') {
        throw ApplicationFailure.nonRetryable(
          `burn-ins are paper runs against the venue simulator; this worker's venue is ${config.venue.kind} (use the paper profile)`,
          FAILURE.burnInNotPaper,
        );
      }
      const plan = currentPlan(input.plan);
      const burnIn = plan.config;
      const spec = plan.simAccount;
      const dataset = describeDataset(spec);
      const problem = coverageProblem(dataset, { from: plan.from, to: plan.to, spot: burnIn.spot });
      if (problem) throw ApplicationFailure.nonRetryable(problem, FAILURE.burnInDataset);
      await sim.ensureAccount(spec);
      if (plan.mode === 'accelerated') await sim.advanceTo(plan.account, plan.from);
      await insertRun(pool, plan, burnIn, plan.strategies.map((s) => s.name).join('+'), dataset);
      log('burn-in prepared', {
        runId: plan.runId,
        account: plan.account,
        configHash: plan.configHash,
        dataset: dataset.contentHash,
      });
      return { plan, dataset };
    },

    /** Decision points from `cursor` until one yields orders (see decideFrom). */
    async burnInDecide(input: {
      plan: BurnInPlan;
      cursor: number;
      cycle: number;
      errors: number;
    }): Promise<DecideResult & { heartbeat: BurnInHeartbeat }> {
      const plan = currentPlan(input.plan);
      const burnIn = plan.config;
      const venue = venues.venueFor(plan.account);
      const result = await decideFrom(
        { pool, venue, sim, cache: cacheOf(plan), orderLimits, log },
        plan,
        burnIn,
        input.cursor,
      );
      Context.current().heartbeat();
      const heartbeat = beat({
        runId: plan.runId,
        cycle: input.cycle,
        errors: input.errors,
        lastDecisionTime: result.decisionTime,
        marketTime: result.marketTime,
        dataFeed: result.waitMs === null ? 'ok' : 'waiting',
      });
      return { ...result, heartbeat };
    },

    /**
     * Moves the venue's clock to `to` once the run's new orders are at the venue (so each is accepted
     * at its decision time), and on until none of them is open.
     */
    async burnInAdvance(input: {
      plan: BurnInPlan;
      to: number;
      pending: string[];
    }): Promise<{ marketTime: number; unacknowledged: string[] }> {
      const { plan } = input;
      const deadline = Date.now() + ACK_WAIT_MS;
      let waiting = await unacknowledgedOrders(pool, input.pending);
      while (waiting.length > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        waiting = await unacknowledgedOrders(pool, waiting);
        Context.current().heartbeat();
      }
      if (waiting.length > 0)
        Context.current().log.warn('orders not acknowledged in time; the clock moves on', {
          runId: plan.runId,
          waiting,
        });
      // Orders reach the venue after its latency and execute on the next bar: the clock moves a bar at
      // a time until none of them is open (a market order lives one bar), at most MAX_BARS_FOR_ORDERS.
      const venue = venues.venueFor(plan.account);
      const clock = { pool, venue, sim, cache: cacheOf(plan) };
      let marketTime = await sim.marketTime(plan.account);
      for (let bars = 0; bars < MAX_BARS_FOR_ORDERS; bars++) {
        const open = new Set((await venue.openOrders()).map((order) => order.clientOrderId));
        if (!input.pending.some((id) => open.has(id))) break;
        if (plan.mode !== 'accelerated') {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          marketTime = await markBoundariesReached(clock, plan);
          continue;
        }
        marketTime = await moveClock(clock, plan, Math.max(input.to, marketTime + plan.intervalMs));
        Context.current().heartbeat();
      }
      // The cursor goes on from the first decision point at or after the orders finished; the points
      // the clock moved past meanwhile were never decided on, and the report says so.
      const skipped = decisionPointsBetween(plan, input.to, decisionPointAtOrAfter(plan, marketTime));
      await recordDecisionPoints(pool, plan.runId, skipped, 'skipped', SKIPPED_WHILE_ORDERS_FINISHED);
      // The orders' own workflows see their fills when they next look (within a second or so). A
      // signal would be sooner but can land in an order's first workflow task, which then fails
      // and re-runs its submission: a repeat the fence looks up and adopts, after a wait.
      return { marketTime, unacknowledged: waiting };
    },

    /**
     * Waits until the risk gate has decided an order (its decision is recorded before any venue call).
     * Runs recorded before halted orders were placed again call this one; newer runs awaitRiskVerdict.
     */
    async awaitRiskDecision(input: { clientOrderId: string }): Promise<'ALLOW' | 'DENY'> {
      return (await riskVerdictOf(input.clientOrderId)).decision;
    },

    /** Waits until the risk gate has decided an order; with a denial's rule codes. */
    async awaitRiskVerdict(input: { clientOrderId: string }): Promise<RiskVerdict> {
      return riskVerdictOf(input.clientOrderId);
    },

    /** The desk's persisted mode, as the risk gate reads it. */
    async readDeskMode(input: { account: string }): Promise<{ mode: DeskMode; reason: string }> {
      const desk = await readDesk(pool, input.account);
      return { mode: desk.mode, reason: `${desk.reason} (by ${desk.actor})` };
    },

    async setBurnInStatus(input: {
      runId: string;
      status: BurnInStatus;
      reason: string | null;
    }): Promise<void> {
      await setRunStatus(pool, input.runId, input.status, input.reason);
    },

    /** Trades (open ones marked at the end), metrics, gates, report.json and report.html; the run's verdict stored. */
    async finishBurnIn(input: {
      plan: BurnInPlan;
      dataset: DatasetManifest;
      finalStatus: 'FINISHED' | 'CANCELED' | 'ERROR';
      reason: string | null;
    }): Promise<BurnInFinish> {
      const { dataset } = input;
      const plan = currentPlan(input.plan);
      const burnIn = plan.config;
      const cache = cacheOf(plan);
      await cache.refresh();
      const endTime = Math.min(plan.to, await sim.marketTime(plan.account));
      const prices = Object.fromEntries(
        dataset.symbols
          .map((symbol) => [symbol, cache.lastClose(symbol, endTime + 1)])
          .filter((entry): entry is [string, number] => entry[1] !== null),
      );
      const trades = await recordRunTrades(
        pool,
        { runId: plan.runId, account: plan.account, from: plan.from },
        cache.binaryMarkets(),
        { time: endTime, prices },
      );
      const report = buildTruthReport({
        plan,
        config: burnIn,
        dataset,
        codeVersion: codeVersion(),
        equity: await readEquity(pool, plan.runId),
        trades,
        counts: await runCounts(pool, plan),
        decisionPoints: await decisionPointCounts(pool, plan.runId),
        finalStatus: input.finalStatus,
        statusReason: input.reason,
      });
      const dir = reportDir(plan.runId);
      const written = await writeTruthReport(report, dir);
      await setRunStatus(pool, plan.runId, report.status, report.statusReason ?? null, {
        json: report,
        hash: written.reportHash,
      });
      dropMarketCache(plan.runId);
      forgetBurnIn(plan.runId);
      log('burn-in finished', {
        runId: plan.runId,
        status: report.status,
        reportHash: written.reportHash,
        dir,
      });
      return {
        status: report.status,
        statusReason: report.statusReason ?? null,
        reportDir: dir,
        reportHash: written.reportHash,
        gates: report.gates,
        trades: trades.length,
        netPnl: trades.reduce((sum, trade) => sum + trade.netPnl, 0),
      };
    },
  };
}

export type BurnInActivities = ReturnType<typeof createBurnInActivities>;
