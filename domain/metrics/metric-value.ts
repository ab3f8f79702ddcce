/**
 * A reported metric: its value and whether it is defined. The metric functions return NaN when a
 * metric cannot be computed; a report or a gate needs to say WHY, so every undefined value carries a
 * reason ('fewer than 2 period returns', 'zero variance of trade returns', 'no losing trades', …).
 * defined is false exactly when value is NaN or ±Infinity.
 */
export interface MetricValue {
  value: number;
  defined: boolean;
  reason?: string;
}

/** A condition under which a metric is undefined, and the reason to give for it. */
export type Explanation = readonly [when: boolean, reason: string];

/** Wraps a computed value; when it is not finite, the first explanation that applies is the reason. */
export function measured(value: number, ...explanations: readonly Explanation[]): MetricValue {
  if (Number.isFinite(value)) return { value, defined: true };
  const reason = explanations.find(([when]) => when)?.[1] ?? 'not a finite number';
  return { value, defined: false, reason };
}
