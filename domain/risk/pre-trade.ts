import type { OrderIntent } from '../orders/types.js';

/** Limits a profile sets; 'unlimited' must be said explicitly — an absent limit blocks (fail closed). */
export interface RiskLimits {
  maxOrderNotional: number | 'unlimited' | undefined;
}

/** Everything a decision depends on, captured once so the decision can be recomputed and audited. */
export interface RiskSnapshot {
  intent: OrderIntent;
  /** The venue lists the instrument. */
  instrumentKnown: boolean;
  /** Last traded price, the notional reference for market orders; null when unknown. */
  lastPrice: number | null;
  limits: RiskLimits;
}

export interface RiskFinding {
  code: string;
  detail: string;
}

export interface RiskDecision {
  decision: 'ALLOW' | 'DENY';
  codes: string[];
  findings: RiskFinding[];
  rulesVersion: string;
}

/** Bumped whenever a rule's meaning changes, so recorded decisions say which rules made them. */
export const RISK_RULES_VERSION = 'pre-trade-1';

type Rule = (snapshot: RiskSnapshot) => RiskFinding | null;

const positiveFinite = (value: number | undefined) =>
  value !== undefined && Number.isFinite(value) && value > 0;

/** Rules in their fixed evaluation order. Each can only block. */
const RULES: readonly Rule[] = [
  ({ intent }) =>
    positiveFinite(intent.quantity) && (intent.type === 'market' || positiveFinite(intent.price))
      ? null
      : {
          code: 'INVALID_NUMBERS',
          detail: `quantity ${intent.quantity} / price ${intent.price} must be finite and positive`,
        },
  ({ intent, instrumentKnown }) =>
    instrumentKnown
      ? null
      : { code: 'UNKNOWN_INSTRUMENT', detail: `${intent.symbol} is not listed by the venue` },
  ({ intent, lastPrice }) =>
    intent.type === 'limit' || (lastPrice !== null && positiveFinite(lastPrice))
      ? null
      : {
          code: 'NO_REFERENCE_PRICE',
          detail: `no last price for ${intent.symbol}: a market order's notional is unknown`,
        },
  ({ intent, lastPrice, limits }) => {
    const limit = limits.maxOrderNotional;
    if (limit === 'unlimited') return null;
    if (limit === undefined)
      return {
        code: 'LIMIT_NOT_CONFIGURED',
        detail: 'risk.maxOrderNotional is not configured (fail closed)',
      };
    const price = intent.type === 'limit' ? intent.price : lastPrice;
    if (price === undefined || price === null) return null; // reported by the rules above
    const notional = price * intent.quantity;
    return notional <= limit
      ? null
      : { code: 'MAX_ORDER_NOTIONAL', detail: `notional ${notional.toFixed(2)} exceeds the limit ${limit}` };
  },
];

/** Evaluates every rule in order and reports all denies; deterministic for a snapshot. */
export function evaluatePreTradeRisk(snapshot: RiskSnapshot): RiskDecision {
  const findings = RULES.map((rule) => rule(snapshot)).filter(
    (finding): finding is RiskFinding => finding !== null,
  );
  return {
    decision: findings.length === 0 ? 'ALLOW' : 'DENY',
    codes: findings.map((finding) => finding.code),
    findings,
    rulesVersion: RISK_RULES_VERSION,
  };
}
