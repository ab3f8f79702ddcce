import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from '../../store/db.js';
import type { KeelConfig } from '../../config/schema.js';
import { canonicalJson } from '../../lib/canonical-json.js';
import { OPEN_STATUSES, type OrderIntent } from '../../domain/orders/types.js';
import { markedEquity, startOfVenueDay, venueDay } from '../../domain/risk/equity.js';
import { evaluatePreTradeRisk } from '../../domain/risk/pre-trade.js';
import type {
  OpenOrderExposure,
  RiskDecision,
  RiskLimits,
  RiskSnapshot,
} from '../../domain/risk/snapshot.js';
import type { Venue } from '../../venues/venue.js';
import { VenueError } from '../../venues/venue-errors.js';
import {
  heldSymbols,
  lastTrades,
  latestEquityMark,
  markEquity,
  pricesOf,
  readBookPositions,
} from './account-book.js';
import { lockDesk } from '../../store/desk/desk-store.js';
import { readStoredDecision, storeDecision } from '../../store/risk/risk-decisions.js';
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

async function openOrderSymbols(pool: Pool, account: string): Promise<string[]> {
  const { rows } = await pool.query<{ symbol: string }>(
    'SELECT DISTINCT symbol FROM orders WHERE account = $1 AND status = ANY($2)',
    [account, OPEN_STATUSES],
  );
  return rows.map((row) => row.symbol);
}

async function openOrders(client: PoolClient, intent: OrderIntent): Promise<OpenOrderExposure[]> {
  const { rows } = await client.query<{
    client_order_id: string;
    symbol: string;
    side: 'buy' | 'sell';
    leaves: string;
    price: string | null;
  }>(
    `SELECT client_order_id, symbol, side, quantity - filled_quantity AS leaves, price FROM orders
     WHERE account = $1 AND client_order_id <> $2 AND status = ANY($3) AND quantity > filled_quantity`,
    [intent.account, intent.clientOrderId, OPEN_STATUSES],
  );
  return rows.map((row) => ({
    clientOrderId: row.client_order_id,
    symbol: row.symbol,
    side: row.side,
    leavesQuantity: Number(row.leaves),
    price: row.price === null ? null : Number(row.price),
  }));
}

async function allowedCounts(
  client: PoolClient,
  account: string,
  dayStart: number,
): Promise<{ today: number; lastMinute: number }> {
  const { rows } = await client.query<{ today: string; last_minute: string }>(
    `SELECT count(*) FILTER (WHERE venue_time >= $2) AS today,
            count(*) FILTER (WHERE decided_at > now() - interval '60 seconds') AS last_minute
     FROM risk_decisions
     WHERE account = $1 AND decision = 'ALLOW' AND (venue_time >= $2 OR decided_at > now() - interval '60 seconds')`,
    [account, new Date(dayStart)],
  );
  return { today: Number(rows[0]!.today), lastMinute: Number(rows[0]!.last_minute) };
}

async function duplicateOf(
  client: PoolClient,
  intent: OrderIntent,
  now: number,
  windowSeconds: number,
): Promise<string | null> {
  if (windowSeconds <= 0 || !Number.isFinite(intent.quantity)) return null;
  const { rows } = await client.query<{ client_order_id: string }>(
    `SELECT client_order_id FROM risk_decisions
     WHERE account = $1 AND decision = 'ALLOW' AND venue_time >= $2 AND client_order_id <> $3
       AND intent->>'symbol' = $4 AND intent->>'side' = $5 AND intent->>'type' = $6
       AND (intent->>'quantity')::numeric = $7::numeric
       AND (intent->>'price')::numeric IS NOT DISTINCT FROM $8::numeric
     ORDER BY venue_time DESC LIMIT 1`,
    [
      intent.account,
      new Date(now - windowSeconds * 1000),
      intent.clientOrderId,
      intent.symbol,
      intent.side,
      intent.type,
      intent.quantity,
      intent.price !== undefined && Number.isFinite(intent.price) ? intent.price : null,
    ],
  );
  return rows[0]?.client_order_id ?? null;
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
    const open = await openOrders(client, intent);
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
    const counts = await allowedCounts(client, intent.account, startOfVenueDay(view.now));
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
