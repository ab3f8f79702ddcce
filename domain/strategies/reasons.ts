// The maintained mapping from the raw reasons strategies write to a small, stable vocabulary that
// reports and dashboards group by. Raw reasons are `<key>: <human detail>`; only the key is looked
// up, so the detail can carry numbers without breaking the mapping. A key missing from the table
// maps to UNMAPPED, which a test forbids for every key a strategy can produce.

export const REASON_CODES = [
  'BREAKOUT_ENTRY',
  'BREAKDOWN_EXIT',
  'MA_CROSS_UP',
  'MA_CROSS_DOWN',
  'OVERSOLD_ENTRY',
  'MEAN_REVERTED_EXIT',
  'BUY_AND_HOLD_ENTRY',
  'HOLD',
  'NO_SIGNAL',
  'BASELINE_NO_TRADE',
  'EDGE_ENTRY',
  'EDGE_GONE_EXIT',
  'EDGE_TOO_SMALL',
  'TOO_CLOSE_TO_RESOLUTION',
  'WARMUP',
  'DATA_DEFECT',
  'STRATEGY_ERROR',
  'UNMAPPED',
] as const;

export type ReasonCode = (typeof REASON_CODES)[number];

/** Raw reason key → canonical code. Add a row here whenever a strategy gains a new key. */
export const REASON_TABLE = {
  donchian_breakout: 'BREAKOUT_ENTRY',
  donchian_breakdown: 'BREAKDOWN_EXIT',
  ma_cross_up: 'MA_CROSS_UP',
  ma_cross_down: 'MA_CROSS_DOWN',
  zscore_oversold: 'OVERSOLD_ENTRY',
  zscore_reverted: 'MEAN_REVERTED_EXIT',
  buy_and_hold: 'BUY_AND_HOLD_ENTRY',
  hold: 'HOLD',
  no_signal: 'NO_SIGNAL',
  baseline: 'BASELINE_NO_TRADE',
  edge_entry: 'EDGE_ENTRY',
  edge_gone: 'EDGE_GONE_EXIT',
  edge_too_small: 'EDGE_TOO_SMALL',
  too_close_to_resolution: 'TOO_CLOSE_TO_RESOLUTION',
  warmup: 'WARMUP',
  data_defect: 'DATA_DEFECT',
  /** Written by the runner (guarded-decide.ts), not by a strategy: the strategy threw for the series. */
  strategy_error: 'STRATEGY_ERROR',
} as const satisfies Record<string, Exclude<ReasonCode, 'UNMAPPED'>>;

export type ReasonKey = keyof typeof REASON_TABLE;

/** Builds a raw reason; typing the key against the table keeps strategies from inventing unmapped keys. */
export function reasonRaw(key: ReasonKey, detail: string): string {
  return `${key}: ${detail}`;
}

/** The canonical code of a raw reason: its key (the text before the first ':') looked up in the table. */
export function canonicalReason(raw: string): ReasonCode {
  const colon = raw.indexOf(':');
  const key = (colon < 0 ? raw : raw.slice(0, colon)).trim();
  // hasOwn: keys such as 'constructor' or '__proto__' must not resolve through the prototype.
  return Object.hasOwn(REASON_TABLE, key) ? REASON_TABLE[key as ReasonKey] : 'UNMAPPED';
}
