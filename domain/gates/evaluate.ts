/**
 * Gate evaluation fails closed: a gate passes only on a defined, finite metric value that satisfies
 * its comparison. An undefined metric (NaN, ±Infinity, defined: false, or missing from the run) is a
 * FAIL whose reason says why the metric is undefined, and its value is reported as null. The run
 * passes only if every gate passes; no gates at all is a FAIL ('no gates configured'), because a
 * burn-in that checks nothing must not be read as a pass.
 */
import type { MetricName } from '../metrics/metric-names.js';
import type { MetricValue } from '../metrics/metric-value.js';
import type { RunMetrics } from '../metrics/run-metrics.js';
import { compare, gateName, parseStoredGateSpec, type GateOp, type GateSpec } from './gate-spec.js';

export type GateResult = 'PASS' | 'FAIL';

export interface GateOutcome {
  name: string;
  metric: MetricName;
  value: number | null;
  threshold: number;
  op: GateOp;
  result: GateResult;
  reason?: string;
}

export interface GateEvaluation {
  result: GateResult;
  gates: GateOutcome[];
  reason?: string;
}

/** What evaluation reads of a run; values may lack a metric (a run from an older version). */
export interface MetricsView {
  values: Partial<Record<MetricName, MetricValue>>;
}

function evaluateGate(spec: GateSpec, values: MetricsView['values']): GateOutcome {
  const { metric, op, threshold } = spec;
  const base = { name: gateName(spec), metric, threshold, op };
  const measured = Object.hasOwn(values, metric) ? values[metric] : undefined;
  if (measured === undefined)
    return { ...base, value: null, result: 'FAIL', reason: `${metric} is missing from the run metrics` };
  if (!measured.defined || !Number.isFinite(measured.value)) {
    const why = measured.reason ?? `value ${measured.value} is not a finite number`;
    return { ...base, value: null, result: 'FAIL', reason: `${metric} is undefined: ${why}` };
  }
  const value = measured.value;
  if (compare(value, op, threshold)) return { ...base, value, result: 'PASS' };
  return { ...base, value, result: 'FAIL', reason: `${metric} = ${value} is not ${op} ${threshold}` };
}

/**
 * Specs are re-validated (they may come straight from JSON, or from a plan stored before the metric
 * rename: a legacy metric name is read as its new one); an invalid spec throws a ZodError.
 */
export function evaluateGates(
  specs: readonly GateSpec[],
  metrics: Pick<RunMetrics, 'values'> | MetricsView,
): GateEvaluation {
  if (specs.length === 0) return { result: 'FAIL', gates: [], reason: 'no gates configured' };
  const gates = specs.map((spec) => evaluateGate(parseStoredGateSpec(spec), metrics.values));
  return { result: gates.every((gate) => gate.result === 'PASS') ? 'PASS' : 'FAIL', gates };
}
