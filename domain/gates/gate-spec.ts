/**
 * A gate: a threshold on one run metric, e.g. `{ metric: 'sharpePerTrade', op: '>=', threshold: 0.05 }`.
 * Specs come from configuration files, so they are validated with zod (strict: an unknown key is a
 * typo, not something to ignore). zod 4's z.number() already rejects NaN and ±Infinity.
 */
import { z } from 'zod';
import { LEGACY_METRIC_NAMES, METRIC_NAMES } from '../metrics/metric-names.js';

export const GATE_OPS = ['>=', '>', '<=', '<'] as const;
export type GateOp = (typeof GATE_OPS)[number];

/** A renamed metric's message names its new name; any other unknown name lists the valid ones. */
function metricError(issue: { input?: unknown }): string {
  const input = issue.input;
  if (typeof input === 'string' && Object.hasOwn(LEGACY_METRIC_NAMES, input))
    return `metric '${input}' was renamed: use '${LEGACY_METRIC_NAMES[input]}' (roundTrips counts every round trip, resolvedPositions the binary positions held to resolution, marketCategories their categories)`;
  return `metric must be one of ${METRIC_NAMES.join(', ')}`;
}

export const GateSpecSchema = z.strictObject({
  name: z.string().min(1).optional(),
  metric: z.enum(METRIC_NAMES, { error: metricError }),
  op: z.enum(GATE_OPS),
  threshold: z.number(),
});

export const GateSpecsSchema = z.array(GateSpecSchema).min(1);

export type GateSpec = z.infer<typeof GateSpecSchema>;

/**
 * A gate spec as stored before the metric rename (a plan in a workflow's history, a run's stored
 * config): a legacy metric name is read as its new one; anything else is left for the schema to judge.
 */
export function upgradeStoredGateSpec(spec: unknown): unknown {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return spec;
  const metric = (spec as { metric?: unknown }).metric;
  if (typeof metric !== 'string' || !Object.hasOwn(LEGACY_METRIC_NAMES, metric)) return spec;
  return { ...spec, metric: LEGACY_METRIC_NAMES[metric] };
}

/** Parses a stored gate spec (legacy metric names read as their new ones); throws a ZodError. */
export function parseStoredGateSpec(spec: unknown): GateSpec {
  return GateSpecSchema.parse(upgradeStoredGateSpec(spec));
}

/** The spec's name, or `${metric} ${op} ${threshold}` when it has none. */
export function gateName(spec: GateSpec): string {
  return spec.name ?? `${spec.metric} ${spec.op} ${spec.threshold}`;
}

export function compare(value: number, op: GateOp, threshold: number): boolean {
  switch (op) {
    case '>=':
      return value >= threshold;
    case '>':
      return value > threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
  }
}
