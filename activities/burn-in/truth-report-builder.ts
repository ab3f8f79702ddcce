import type { Slice } from '../../domain/metrics/attribution.js';
import { BURN_IN_PERIODS_PER_YEAR, burnInMetrics } from '../../domain/burn-in/run-metrics.js';
import { evaluateGates } from '../../domain/gates/index.js';
import { scheduledDecisionPoints } from '../../domain/burn-in/run-calendar.js';
import {
  skippedDecisionPoints,
  TRUTH_REPORT_SCHEMA_VERSION,
  type DecisionPointTally,
  type ReportSlice,
  type ReportTrade,
  type TruthReport,
} from '../../domain/report/truth-report.js';
import type { BurnInConfig } from '../../contracts/burn-in/burn-in-config.js';
import { planExecution, planGateProfile, type BurnInPlan } from '../../contracts/burn-in/burn-in-plan.js';
import type { RunOrderCounts } from '../../store/burn-in/run-store.js';
import { type DatasetManifest } from '../../domain/market-data/dataset-manifest.js';

const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

function slice(s: Slice): ReportSlice {
  return {
    key: s.key,
    trades: s.trades,
    netPnl: s.netPnl,
    fees: s.fees,
    winRate: finite(s.winRate),
    expectancy: finite(s.expectancy),
    sharpePerTrade: finite(s.sharpePerTrade),
  };
}

function tallyDecisionPoints(
  plan: BurnInPlan,
  recorded: { evaluated: number; skipped: { reason: string; count: number }[] },
): DecisionPointTally {
  const scheduled = scheduledDecisionPoints(plan);
  const skipped = skippedDecisionPoints(recorded);
  return {
    scheduled,
    evaluated: recorded.evaluated,
    skipped: recorded.skipped,
    notReached: Math.max(0, scheduled - recorded.evaluated - skipped),
  };
}

/**
 * The run's verdict and everything it rests on: metrics from the daily equity and the round trips,
 * each gate with value and threshold (and the gate profile they came from), the execution models the
 * run traded under, and the series the metrics were computed from. A canceled or failed run keeps its
 * status; only a finished one can PASS.
 */
export function buildTruthReport(input: {
  plan: BurnInPlan;
  config: BurnInConfig;
  dataset: DatasetManifest;
  codeVersion: string;
  equity: { time: number; equity: number }[];
  trades: ReportTrade[];
  counts: RunOrderCounts;
  /** What became of the run's decision points, as recorded. */
  decisionPoints: { evaluated: number; skipped: { reason: string; count: number }[] };
  finalStatus: 'FINISHED' | 'CANCELED' | 'ERROR';
  statusReason: string | null;
}): TruthReport {
  const { plan, config, trades } = input;
  const metrics = burnInMetrics(input.equity, trades);
  const gates = evaluateGates(config.gates, metrics);
  const status =
    input.finalStatus === 'FINISHED' ? gates.result : input.finalStatus === 'CANCELED' ? 'CANCELED' : 'ERROR';
  const statusReason =
    input.statusReason ??
    (status === 'FAIL'
      ? (gates.reason ??
        gates.gates
          .filter((gate) => gate.result === 'FAIL')
          .map(
            (gate) =>
              `${gate.name}: ${gate.reason ?? `value ${gate.value} not ${gate.op} ${gate.threshold}`}`,
          )
          .join('; '))
      : undefined);
  const times = input.equity.map((point) => point.time);
  return {
    schemaVersion: TRUTH_REPORT_SCHEMA_VERSION,
    runId: plan.runId,
    status,
    ...(statusReason ? { statusReason } : {}),
    strategy: {
      name: plan.strategies.map((s) => s.name).join('+'),
      configHash: plan.configHash,
      config,
    },
    dataset: {
      manifestHash: input.dataset.contentHash,
      symbols: input.dataset.symbols,
      from: input.dataset.from,
      to: input.dataset.to,
      rows: input.dataset.rows,
    },
    account: plan.account,
    seed: plan.seed,
    codeVersion: input.codeVersion,
    marketTime: { from: plan.from, to: plan.to },
    gateProfile: planGateProfile(plan),
    execution: planExecution(plan),
    gates: gates.gates.map((gate) => ({
      name: gate.name,
      metric: gate.metric,
      value: gate.value,
      threshold: gate.threshold,
      op: gate.op,
      result: gate.result,
      ...(gate.reason ? { reason: gate.reason } : {}),
    })),
    metrics: Object.fromEntries(
      Object.entries(metrics.values).map(([name, metric]) => [
        name,
        {
          value: finite(metric.value),
          defined: metric.defined,
          ...(metric.reason ? { reason: metric.reason } : {}),
        },
      ]),
    ),
    periodsPerYear: BURN_IN_PERIODS_PER_YEAR,
    periodReturns: metrics.periodReturns.map((value, index) => ({
      periodStart: times[index]!,
      time: times[index + 1]!,
      return: value,
    })),
    decisionPoints: tallyDecisionPoints(plan, input.decisionPoints),
    equity: input.equity,
    drawdown: metrics.drawdown.map((value, index) => ({ time: times[index]!, drawdown: value })),
    calibrationBins: metrics.calibrationBins,
    byStrategy: metrics.byStrategy.map(slice),
    byRegime: Object.fromEntries(
      Object.entries(metrics.byRegime).map(([key, slices]) => [key, slices.map(slice)]),
    ),
    trades,
    counts: input.counts,
  };
}
