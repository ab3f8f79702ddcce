import type { Bar } from '../market-data/bar.js';
import { canonicalReason, type ReasonKey, reasonRaw } from './reasons.js';
import type { DecisionAction, DecisionContext, StrategyDecision } from './types.js';

/** What every decision about one series shares, whatever the action. */
export interface DecisionBase {
  strategy: string;
  symbol: string;
  decisionTime: number;
  referencePrice: number | null;
}

export type DecisionExtras = Pick<
  StrategyDecision,
  'stopDistance' | 'realizedVolatility' | 'probability' | 'schemaFail'
>;

export function decisionBase(
  strategy: string,
  symbol: string,
  decisionTime: number,
  bars: readonly Bar[],
): DecisionBase {
  const close = bars[bars.length - 1]?.close;
  // Never a NaN reference price: a defective last close reads as "no usable price".
  return { strategy, symbol, decisionTime, referencePrice: Number.isFinite(close) ? close! : null };
}

/**
 * Assembles a decision. Optional fields that are undefined are left out, so decisions compare and
 * serialise the same whether or not a field was computed; confidence is clamped into [0, 1] and a
 * NaN confidence (which no caller should produce) becomes 0 rather than leaking out.
 */
export function makeDecision(
  base: DecisionBase,
  action: DecisionAction,
  key: ReasonKey,
  detail: string,
  confidence: number,
  extras: DecisionExtras = {},
): StrategyDecision {
  const raw = reasonRaw(key, detail);
  const decision: StrategyDecision = {
    ...base,
    action,
    reasonRaw: raw,
    reasonCanonical: canonicalReason(raw),
    confidence: clamp01(confidence),
  };
  for (const [field, value] of Object.entries(extras) as [keyof DecisionExtras, unknown][]) {
    if (value !== undefined) Object.assign(decision, { [field]: value });
  }
  return decision;
}

export function warmupDecision(base: DecisionBase, have: number, need: number): StrategyDecision {
  return makeDecision(base, 'no_trade', 'warmup', `${have} of ${need} completed bars`, 0, {
    schemaFail: { failClass: 'warmup_expected', missingFields: ['bars'] },
  });
}

export function defectDecision(base: DecisionBase, fields: string[], closeTime: number): StrategyDecision {
  return makeDecision(
    base,
    'no_trade',
    'data_defect',
    `invalid ${fields.join(', ')} in bar closing ${closeTime}`,
    0,
    { schemaFail: { failClass: 'integration_defect', missingFields: fields } },
  );
}

export function isHolding(context: DecisionContext, symbol: string): boolean {
  // hasOwn: a symbol such as 'constructor' must not find Object.prototype's member.
  const position = Object.hasOwn(context.positions, symbol) ? context.positions[symbol] : undefined;
  return position !== undefined && position.quantity > 0;
}

export function clamp01(value: number): number {
  if (Number.isNaN(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

/** Sorted by symbol with code-unit order: locale-aware comparison could differ between machines. */
export function bySymbol(decisions: StrategyDecision[]): StrategyDecision[] {
  return decisions.sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
}

/** Short, deterministic rendering of a number for human reasons (8 significant digits). */
export function fmt(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(8))) : String(value);
}
