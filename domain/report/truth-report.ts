/**
 * The burn-in truth report: the model behind report.json (and report.html). Pure types and helpers only;
 * the runtime renders and writes it (runtime/report).
 */
/**
 * 2: period returns carry their period's start; decision points scheduled, evaluated, skipped (why);
 * the gate profile and execution models recorded; count metrics renamed (resolvedTrades → roundTrips,
 * distinctCategories → marketCategories, resolvedPositions new).
 */
export const TRUTH_REPORT_SCHEMA_VERSION = 2;

export interface ReportMetricValue {
  /** null when the metric is undefined (JSON has no NaN); `reason` says why. */
  value: number | null;
  defined: boolean;
  reason?: string;
}

export interface ReportGate {
  name: string;
  metric: string;
  value: number | null;
  threshold: number;
  op: '>=' | '>' | '<=' | '<';
  result: 'PASS' | 'FAIL';
  reason?: string;
}

export interface ReportSlice {
  key: string;
  trades: number;
  netPnl: number;
  fees: number;
  /** null where undefined (e.g. a per-trade Sharpe from one trade). */
  winRate: number | null;
  expectancy: number | null;
  sharpePerTrade: number | null;
}

export interface ReportTrade {
  tradeId: string;
  strategy: string;
  symbol: string;
  kind: 'spot' | 'binary';
  entryTime: number;
  exitTime: number;
  entryPrice: number;
  exitPrice: number;
  quantity: number;
  grossPnl: number;
  fees: number;
  netPnl: number;
  returnPct: number;
  entryReason: string;
  exitReason: string;
  exitKind: 'signal' | 'settlement' | 'end_of_run';
  probability: number | null;
  outcome: 0 | 1 | null;
  regime: Record<string, string>;
}

export interface DecisionPointTally {
  scheduled: number;
  evaluated: number;
  skipped: { reason: string; count: number }[];
  notReached: number;
}

/**
 * The simulator's execution models a run traded under (its account's models, defaults applied):
 * latency (ms), slippage (its kind and parameters), participation rate and fee tiers.
 */
export interface ReportExecution {
  latencyMs: number;
  slippage: { kind: string; [parameter: string]: string | number };
  participationRate: number;
  feeTiers: { minQuoteVolume: number; maker: number; taker: number }[];
}

/** How many decision points were skipped, whatever the reason. */
export function skippedDecisionPoints(points: Pick<DecisionPointTally, 'skipped'>): number {
  return points.skipped.reduce((sum, entry) => sum + entry.count, 0);
}

export interface TruthReport {
  schemaVersion: number;
  runId: string;
  status: 'PASS' | 'FAIL' | 'CANCELED' | 'ERROR';
  statusReason?: string;
  strategy: { name: string; configHash: string; config: unknown };
  dataset: { manifestHash: string; symbols: string[]; from: number; to: number; rows: number };
  account: string;
  seed: number;
  codeVersion: string;
  marketTime: { from: number; to: number };
  /**
   * The named gate profile the run was judged by (`default`, `predictionMarket`), or `custom` for
   * gates written out in its config.
   */
  gateProfile: string;
  /** The execution models the run traded under (also in `strategy.config.execution`). */
  execution: ReportExecution;
  gates: ReportGate[];
  metrics: Record<string, ReportMetricValue>;
  periodsPerYear: number;
  /** The per-period (daily) returns the metrics were computed from: each from periodStart to time. */
  periodReturns: { periodStart: number; time: number; return: number }[];
  /**
   * The run's decision points: scheduled on its cadence, evaluated (the strategies decided), skipped
   * (with why and how many) and not reached (the run ended first). scheduled = evaluated + skipped +
   * notReached.
   */
  decisionPoints: DecisionPointTally;
  equity: { time: number; equity: number }[];
  /** Fraction below the running peak (0 at a new high, 0.25 when 25% below it). */
  drawdown: { time: number; drawdown: number }[];
  calibrationBins: {
    lower: number;
    upper: number;
    count: number;
    meanForecast: number;
    observedFrequency: number;
  }[];
  byStrategy: ReportSlice[];
  byRegime: Record<string, ReportSlice[]>;
  trades: ReportTrade[];
  counts: {
    decisions: number;
    orders: number;
    denied: number;
    filled: number;
    settlements: number;
    /** Orders an operator's halt denied and the run placed again after the resume (not in orders/denied). */
    haltDenials?: number;
  };
}

/** What the report hash covers: the report minus the run's identity. */
export type ReportDigestInput = Omit<TruthReport, 'runId' | 'account' | 'trades'> & {
  trades: Omit<ReportTrade, 'tradeId'>[];
};

/**
 * The part of a report that its hash covers: what the run did, not where it ran. Wall-clock times and
 * hostnames are deliberately not in the report at all.
 */
export function reportDigestInput(report: TruthReport): ReportDigestInput {
  // Where a run ran (its id, its account, the ids of its orders) is not what it did: two runs of
  // the same config, seed and data on two fresh accounts must hash alike.
  const { runId: _runId, account: _account, ...what } = report;
  const config =
    report.strategy.config !== null && typeof report.strategy.config === 'object'
      ? { ...(report.strategy.config as Record<string, unknown>), account: undefined }
      : report.strategy.config;
  return {
    ...what,
    strategy: { ...report.strategy, config },
    // Nor when an operator halted it: an accelerated run places a halt's denials again (same market).
    counts: { ...report.counts, haltDenials: undefined },
    trades: report.trades.map(({ tradeId: _tradeId, ...trade }) => trade),
  };
}

/**
 * Paths (like `metrics.sharpe.value`) of every number in `value` that JSON cannot carry: NaN and
 * ±Infinity serialise as null and would not round-trip through report.json.
 */
export function nonFiniteNumberPaths(value: unknown, path = ''): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path || '(root)'];
  if (Array.isArray(value))
    return value.flatMap((item, index) => nonFiniteNumberPaths(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) =>
      nonFiniteNumberPaths(item, path ? `${path}.${key}` : key),
    );
  }
  return [];
}
