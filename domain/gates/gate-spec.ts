/**
 * A gate: a threshold on one run metric, e.g. `{ metric: 'sharpePerTrade', op: '>=', threshold: 0.05 }`.
 * Specs come from configuration files, so they are validated with zod (strict: an unknown key is a
 * typo, not something to ignore). zod 4's z.number() already rejects NaN and ±Infinity.
 */
import { z } from 'zod';
import { METRIC_NAMES } from '../metrics/metric-names.js';

export const GATE_OPS = ['>=', '>', '<=', '<'] as const;
export type GateOp = (typeof GATE_OPS)[number];

export const GateSpecSchema = z.strictObject({
  name: z.string().min(1).optional(),
  metric: z.enum(METRIC_NAMES),
  op: z.enum(GATE_OPS),
  threshold: z.number(),
});

export const GateSpecsSchema = z.array(GateSpecSchema).min(1);

export type GateSpec = z.infer<typeof GateSpecSchema>;

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
