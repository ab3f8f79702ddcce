import type { Pool } from 'pg';
import { isBinaryMarketSymbol, type ListedBinaryMarket } from '../../domain/market-data/binary-markets.js';
import { regimeTags } from '../../domain/burn-in/regime.js';
import type { MetricsTrade } from '../../domain/burn-in/run-metrics.js';
import { roundTrips } from '../../domain/burn-in/round-trips.js';
import type { ReportTrade } from '../../domain/report/truth-report.js';
import { decisionsByOrder, runFills } from './run-store.js';

/**
 * The run's round trips with what explains them (strategy, reasons, the estimate and outcome of a
 * binary market, regime tags), stored in `trades`. Closed trips only, unless `endOfRun` marks the
 * open ones at the run's last prices.
 */
export async function recordRunTrades(
  pool: Pool,
  run: { runId: string; account: string; from: number },
  markets: readonly ListedBinaryMarket[],
  endOfRun?: { time: number; prices: Record<string, number> },
): Promise<ReportTrade[]> {
  const fills = await runFills(pool, run.runId, run.account, run.from);
  const decisions = await decisionsByOrder(pool, run.runId);
  const marketOf = new Map(markets.map((market) => [market.symbol, market]));
  const trips = roundTrips(fills, endOfRun);
  const trades: ReportTrade[] = trips.map((trip) => {
    const entry = decisions.get(trip.entryClientOrderId);
    const exit = trip.exitClientOrderId ? decisions.get(trip.exitClientOrderId) : undefined;
    const market = marketOf.get(trip.symbol);
    const kind = isBinaryMarketSymbol(trip.symbol) ? 'binary' : 'spot';
    return {
      tradeId: trip.entryClientOrderId,
      strategy: entry?.strategy ?? 'unknown',
      symbol: trip.symbol,
      kind,
      entryTime: trip.entryTime,
      exitTime: trip.exitTime,
      entryPrice: trip.entryPrice,
      exitPrice: trip.exitPrice,
      quantity: trip.quantity,
      grossPnl: trip.grossPnl,
      fees: trip.fees,
      netPnl: trip.netPnl,
      returnPct: trip.returnPct,
      entryReason: entry?.reasonCanonical ?? 'UNMAPPED',
      exitReason:
        trip.exitKind === 'settlement'
          ? 'SETTLEMENT'
          : trip.exitKind === 'end_of_run'
            ? 'END_OF_RUN'
            : (exit?.reasonCanonical ?? 'UNMAPPED'),
      exitKind: trip.exitKind,
      probability: entry?.probability ?? null,
      outcome: market?.outcome ?? null,
      regime: {
        ...regimeTags({
          realizedVolatility: entry?.realizedVolatility ?? null,
          category: market?.category ?? null,
          entryTime: trip.entryTime,
          resolutionTime: market?.resolutionTime ?? null,
        }),
      },
    };
  });
  for (const [index, trade] of trades.entries()) {
    await pool.query(
      `INSERT INTO trades (run_id, account, symbol, kind, strategy, entry_client_order_id, exit_client_order_id,
          entry_time, exit_time, entry_price, exit_price, quantity, gross_pnl, fees, net_pnl, return_pct,
          entry_reason, exit_reason, exit_kind, probability, outcome, regime)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
       ON CONFLICT (run_id, entry_client_order_id) DO NOTHING`,
      [
        run.runId,
        run.account,
        trade.symbol,
        trade.kind,
        trade.strategy,
        trade.tradeId,
        trips[index]!.exitClientOrderId,
        new Date(trade.entryTime),
        new Date(trade.exitTime),
        trade.entryPrice.toFixed(12),
        trade.exitPrice.toFixed(12),
        trade.quantity.toFixed(12),
        trade.grossPnl.toFixed(12),
        trade.fees.toFixed(12),
        trade.netPnl.toFixed(12),
        trade.returnPct,
        trade.entryReason,
        trade.exitReason,
        trade.exitKind,
        trade.probability,
        trade.outcome,
        JSON.stringify(trade.regime),
      ],
    );
  }
  return trades;
}

/** The run's recorded trades as its metrics read them, in exit order. */
export async function readClosedTrades(pool: Pool, runId: string): Promise<MetricsTrade[]> {
  const { rows } = await pool.query<{
    net_pnl: string;
    fees: string;
    return_pct: number;
    strategy: string;
    regime: Record<string, string>;
    probability: number | null;
    outcome: number | null;
    kind: 'spot' | 'binary';
    exit_kind: 'signal' | 'settlement' | 'end_of_run';
  }>(
    `SELECT net_pnl, fees, return_pct, strategy, regime, probability, outcome, kind, exit_kind FROM trades
     WHERE run_id = $1 ORDER BY exit_time, symbol`,
    [runId],
  );
  return rows.map((row) => ({
    netPnl: Number(row.net_pnl),
    fees: Number(row.fees),
    returnPct: row.return_pct,
    strategy: row.strategy,
    regime: row.regime,
    probability: row.probability,
    outcome: row.outcome === null ? null : (row.outcome as 0 | 1),
    kind: row.kind,
    exitKind: row.exit_kind,
  }));
}
