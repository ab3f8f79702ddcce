import type { Pool } from '../../store/db.js';
import { deskRefusal, grossRefusal } from '../../domain/burn-in/admission.js';
import { deriveClientOrderId } from '../../domain/orders/client-order-id.js';
import type { OrderIntent } from '../../domain/orders/types.js';
import type { DeskMode } from '../../domain/risk/snapshot.js';
import { sizeEntry } from '../../domain/sizing/size-entry.js';
import type { SizingLine } from '../../domain/sizing/types.js';
import { resolveStrategy } from '../../domain/strategies/registry.js';
import { decideGuarded } from '../../domain/strategies/guarded-decide.js';
import type { MarketSeries, PositionView, StrategyDecision } from '../../domain/strategies/types.js';
import type { BurnInConfig } from '../../contracts/burn-in/burn-in-config.js';
import type { BurnInPlan } from '../../contracts/burn-in/burn-in-plan.js';
import { importSettlements } from '../ledger/settlements.js';
import { readDesk } from '../../store/desk/desk-store.js';
import type { Venue } from '../../venues/venue.js';
import type { MarketCache } from './market-cache.js';
import { recordDecisionPoints, recordDecisions, type DecisionRecord } from '../../store/burn-in/run-store.js';
import { markEquity, moveClock, openPositions } from './run-clock.js';
import type { SimMarket } from '../../venues/sim-market.js';
import { recordRunTrades } from '../../store/burn-in/trades-store.js';

export interface DecideResult {
  /** The decision point that produced intents (or the last one examined). */
  decisionTime: number;
  intents: OrderIntent[];
  nextCursor: number;
  /** No decision point is left in the run's window. */
  done: boolean;
  deskMode: DeskMode;
  /** Why the desk is in its mode (for a run held by a halt). */
  deskReason: string | null;
  decisionPoints: number;
  /** Realtime runs: the venue's market time has not reached the cursor; ask again after this long. */
  waitMs: number | null;
  marketTime: number;
}

export interface DecideDependencies {
  pool: Pool;
  venue: Venue;
  sim: SimMarket;
  cache: MarketCache;
  /** The desk's per-order limits: entries are sized within them rather than sized past them and denied. */
  orderLimits: { maxQuantity: number; maxNotional: number; maxGrossExposure: number };
  /** Structured log lines (the sizing line of each entry). */
  log: (message: string, attributes: Record<string, unknown>) => void;
}

/** Bounds one activity call: a long quiet stretch is walked in several calls, each heartbeat-sized. */
const MAX_POINTS_PER_CALL = 240;
/** How often a run held by a halted desk looks at the desk again. */
const HALTED_RECHECK_MS = 2_000;
/** Symbols per decision point are numbered below this in client order ids. */
const SYMBOL_SLOTS = 1000;

/**
 * Walks decision points from `cursor`: at each, the venue's clock is brought there (accelerated
 * runs; equity is marked at every period boundary on the way, see run-clock.ts), resolved binary
 * markets are settled into the ledger, and the strategies decide on the bars completed before it. Every decision is recorded. The walk stops at
 * the first point that yields orders — returned as intents for the workflow to run as order
 * workflows — or after a bounded number of quiet points.
 */
export async function decideFrom(
  deps: DecideDependencies,
  plan: BurnInPlan,
  config: BurnInConfig,
  cursor: number,
): Promise<DecideResult> {
  const { pool, venue, sim, cache } = deps;
  const strategies = config.strategies.map((entry) => resolveStrategy(entry.name, entry.config));
  let t = cursor;
  let points = 0;
  let mode: DeskMode = 'ACTIVE';
  let marketTime = 0;
  let tradesRecorded = false;
  while (t <= plan.to && points < MAX_POINTS_PER_CALL) {
    const desk = await readDesk(pool, plan.account);
    if (plan.mode === 'accelerated' && desk.mode === 'HALTED') {
      // A halted desk can send nothing, not even an exit: an accelerated run holds its market clock
      // until the desk is resumed (or set to close-only, under which exits go on and entries wait).
      return {
        decisionTime: t,
        intents: [],
        nextCursor: t,
        done: false,
        deskMode: 'HALTED',
        deskReason: `${desk.reason} (by ${desk.actor})`,
        decisionPoints: points,
        waitMs: HALTED_RECHECK_MS,
        marketTime: await sim.marketTime(plan.account),
      };
    }
    marketTime = await moveClock(deps, plan, t);
    if (marketTime < t) {
      return {
        decisionTime: t,
        intents: [],
        nextCursor: t,
        done: false,
        deskMode: mode,
        deskReason: null,
        decisionPoints: points,
        waitMs: t - marketTime,
        marketTime,
      };
    }
    await cache.refresh();
    const resolved = cache
      .binaryMarkets()
      .filter((market) => market.resolutionTime <= t)
      .map((market) => market.symbol);
    const positions = await openPositions(pool, plan.account);
    const settle = resolved.filter((symbol) => positions[symbol] !== undefined);
    if (settle.length > 0) {
      await importSettlements(pool, venue, plan.account, settle);
      for (const symbol of settle) delete positions[symbol];
    }
    if (!tradesRecorded) {
      // The trips the last cycle's orders (and settlements) closed, recorded as they close.
      await recordRunTrades(
        pool,
        { runId: plan.runId, account: plan.account, from: plan.from },
        cache.binaryMarkets(),
      );
      tradesRecorded = true;
    }
    const equity = await markEquity(venue, cache, positions, t);
    // One reading of the desk per decision point: a halt that lands while the point is decided
    // reaches its orders through the risk gate (and the run places them again after the resume).
    mode = desk.mode;

    const series = seriesAt(cache, config, t);
    // A strategy that throws on a series decides no_trade there (schema-fail class `unknown`, the
    // error as its reason), and every other series and strategy goes on.
    const decisions = strategies.flatMap(({ strategy, name }) =>
      decideGuarded(strategy, {
        decisionTime: t,
        series: series.filter((s) => (name === 'probabilityEdge' ? s.kind === 'binary' : s.kind === 'spot')),
        positions,
      }),
    );
    for (const decision of decisions)
      if (decision.schemaFail?.failClass === 'unknown')
        deps.log('strategy threw', {
          runId: plan.runId,
          strategy: decision.strategy,
          symbol: decision.symbol,
          reason: decision.reasonRaw,
        });
    const records: DecisionRecord[] = [];
    const intents: OrderIntent[] = [];
    const pointIndex = Math.round((t - plan.from) / plan.cadenceMs);
    // Entries share the gross-exposure limit: taken in decision order until it is used up, so which
    // ones go never depends on which order workflow reaches the risk gate first.
    let gross = grossExposure(cache, positions, t);
    for (const decision of decisions) {
      const record = await actOn(deps, plan, config, decision, {
        mode,
        equity,
        positions,
        pointIndex,
        series,
      });
      if (record.intent?.side === 'buy') {
        const notional = record.intent.quantity * (record.intent.decisionPrice ?? 0);
        const tooMuch = grossRefusal(gross, notional, deps.orderLimits.maxGrossExposure);
        if (tooMuch) {
          record.record.outcome = tooMuch;
          record.record.clientOrderId = null;
          record.intent = null;
        } else gross += notional;
      }
      records.push({ ...record.record, symbolListedAt: cache.listedAt(decision.symbol) });
      if (record.intent) intents.push(record.intent);
    }
    await recordDecisions(pool, plan.runId, plan.account, records);
    await recordDecisionPoints(pool, plan.runId, [t], 'evaluated', null);
    points++;
    const next = t + plan.cadenceMs;
    if (intents.length > 0 || next > plan.to) {
      return {
        decisionTime: t,
        intents,
        nextCursor: next,
        done: next > plan.to && intents.length === 0,
        deskMode: mode,
        deskReason: null,
        decisionPoints: points,
        waitMs: null,
        marketTime,
      };
    }
    t = next;
  }
  return {
    decisionTime: t - plan.cadenceMs,
    intents: [],
    nextCursor: t,
    done: t > plan.to,
    deskMode: mode,
    deskReason: null,
    decisionPoints: points,
    waitMs: null,
    marketTime,
  };
}

interface PointContext {
  mode: DeskMode;
  equity: number;
  positions: Record<string, PositionView>;
  pointIndex: number;
  series: MarketSeries[];
}

async function actOn(
  deps: DecideDependencies,
  plan: BurnInPlan,
  config: BurnInConfig,
  decision: StrategyDecision,
  point: PointContext,
): Promise<{ record: DecisionRecord; intent: OrderIntent | null }> {
  const base = { decision, deskMode: point.mode };
  const none = (outcome: string, sizing: DecisionRecord['sizing'] = null) => ({
    record: { ...base, clientOrderId: null, outcome, sizing },
    intent: null,
  });
  if (decision.action === 'hold' || decision.action === 'no_trade') return none(decision.action);
  const refused = deskRefusal(decision.action, point.mode);
  if (refused) return none(refused);
  if (decision.referencePrice === null) return none('skipped: no reference price');

  let quantity: number;
  let sizing: DecisionRecord['sizing'] = null;
  if (decision.action === 'exit') {
    const held = point.positions[decision.symbol]?.quantity ?? 0;
    quantity = held > 0 ? await deps.venue.roundQuantity(decision.symbol, held) : 0;
    if (quantity <= 0) return none('skipped: nothing to sell');
    const { minNotional } = await deps.venue.instrument(decision.symbol);
    if (minNotional !== null && quantity * decision.referencePrice < minNotional) {
      // The venue would refuse it (and every refusal counts toward the desk's error-rate breaker).
      return none(
        `skipped: ${quantity} × ${decision.referencePrice} is below the venue's minimum notional ${minNotional}; held (a binary market settles, spot dust is marked at the end)`,
      );
    }
  } else {
    const line = await sizeFor(deps, config, decision, point.equity);
    sizing = { ...line, realizedVolatility: decision.realizedVolatility ?? null };
    deps.log('entry sized', { runId: plan.runId, sizing });
    if (line.quantity <= 0) return none(`skipped: ${line.skippedReason ?? 'sized to zero'}`, sizing);
    quantity = line.quantity;
  }
  const symbolIndex = point.series.findIndex((s) => s.symbol === decision.symbol);
  const clientOrderId = deriveClientOrderId({
    runId: plan.runId,
    strategy: decision.strategy,
    sequence: point.pointIndex * SYMBOL_SLOTS + Math.max(0, symbolIndex),
  });
  const intent: OrderIntent = {
    clientOrderId,
    account: plan.account,
    symbol: decision.symbol,
    side: decision.action === 'enter' ? 'buy' : 'sell',
    type: 'market',
    quantity,
    timeInForce: 'GTC',
    runId: plan.runId,
    strategy: decision.strategy,
    decisionPrice: decision.referencePrice,
    decisionTime: decision.decisionTime,
  };
  return { record: { ...base, clientOrderId, outcome: 'order', sizing }, intent };
}

async function sizeFor(
  { venue, orderLimits }: DecideDependencies,
  config: BurnInConfig,
  decision: StrategyDecision,
  equity: number,
): Promise<SizingLine> {
  const info = await venue.instrument(decision.symbol);
  const rules = {
    stepSize: info.stepSize,
    minQty: info.minQuantity,
    maxQty: Math.min(info.maxQuantity ?? Number.MAX_SAFE_INTEGER, orderLimits.maxQuantity),
    minNotional: info.minNotional ?? 0,
  };
  const price = decision.referencePrice!;
  if (decision.probability !== undefined) {
    const binary = config.sizing.binary;
    return sizeEntry({
      symbol: decision.symbol,
      method: 'kelly',
      equity,
      price,
      riskOn: true,
      probability: decision.probability,
      kellyFraction: binary.kellyFraction,
      maxNotional: Math.min(binary.maxNotional, orderLimits.maxNotional),
      maxLeverage: binary.maxLeverage,
      rules,
    }).line;
  }
  const spot = config.sizing.spot;
  const method =
    spot.method === 'fixedFraction' && decision.stopDistance ? 'fixedFraction' : 'volatilityTarget';
  const realizedVolatility = decision.realizedVolatility;
  // Without a volatility estimate there is nothing to target: risk off rather than a guess.
  const riskOn = method === 'fixedFraction' || (realizedVolatility !== undefined && realizedVolatility > 0);
  return sizeEntry({
    symbol: decision.symbol,
    method,
    equity,
    price,
    riskOn,
    riskFraction: spot.riskFraction,
    ...(decision.stopDistance !== undefined ? { stopDistance: decision.stopDistance } : {}),
    targetVolatility: spot.targetVolatility,
    realizedVolatility: realizedVolatility !== undefined && realizedVolatility > 0 ? realizedVolatility : 1,
    baseFraction: spot.baseFraction,
    scaleFloor: spot.scaleFloor,
    scaleCap: spot.scaleCap,
    maxNotional: Math.min(spot.maxNotional, orderLimits.maxNotional),
    maxLeverage: spot.maxLeverage,
    rules,
  }).line;
}

function seriesAt(cache: MarketCache, config: BurnInConfig, t: number): MarketSeries[] {
  const spot: MarketSeries[] = config.spot.map((symbol) => ({
    symbol,
    kind: 'spot',
    bars: cache.barsBefore(symbol, t),
  }));
  const binary: MarketSeries[] = cache
    .binaryMarkets()
    .filter((market) => market.openTime < t && t < market.resolutionTime)
    .map((market) => ({
      symbol: market.symbol,
      kind: 'binary',
      bars: cache.barsBefore(market.symbol, t),
      binary: { category: market.category, resolutionTime: market.resolutionTime },
    }));
  return [...spot, ...binary];
}

/** Open positions at the last close before `t`, as the risk gate counts gross exposure. */
function grossExposure(cache: MarketCache, positions: Record<string, PositionView>, t: number): number {
  let gross = 0;
  for (const position of Object.values(positions)) {
    const price = cache.lastClose(position.symbol, t) ?? position.averageEntryPrice;
    gross += Math.abs(position.quantity * price);
  }
  return gross;
}
