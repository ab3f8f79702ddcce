// Transaction cost analysis of one order: what was paid versus the price at decision and at
// arrival, and where the time went. Every figure is null when an input it needs is missing, so a
// report can tell "no cost" (0) from "cannot tell" (null).
import type { OrderSide } from '../orders/types.js';

export interface TcaFill {
  price: number;
  quantity: number;
  fee: number;
}

export interface TcaInput {
  side: OrderSide;
  /** Ordered quantity (the fill rate's denominator). */
  quantity: number;
  /** Price the strategy decided at. */
  decisionPrice?: number | null;
  decisionTime?: number | null;
  /** Market price when the order reached the venue (last trade or mid at submit). */
  arrivalPrice?: number | null;
  submittedAt?: number | null;
  acceptedAt?: number | null;
  firstFillAt?: number | null;
  lastFillAt?: number | null;
  /** Fees in the quote asset. */
  fills: readonly TcaFill[];
}

/** Time between lifecycle steps in ms. Signed: venue and local clocks differ, and skew shows here. */
export interface TcaLatencies {
  decisionToSubmit: number | null;
  submitToAck: number | null;
  ackToFirstFill: number | null;
  firstToLastFill: number | null;
}

export interface TcaResult {
  fillVwap: number | null;
  filledQuantity: number;
  /** filled / ordered, in [0, 1]. */
  fillRate: number;
  /** Sum of fees (quote asset). */
  fees: number;
  /** Signed so positive = worse for the trader (a buy paid more, a sell received less). */
  slippageBpsVsDecision: number | null;
  slippageBpsVsArrival: number | null;
  /**
   * Price slippage plus fees against the decision price, per filled notional at the decision
   * price: (side · (vwap − decision) · filled + fees) / (decision · filled) · 1e4. Positive = cost.
   * The unfilled remainder's opportunity cost is not included; fillRate reports it.
   */
  implementationShortfallBps: number | null;
  latencyMs: TcaLatencies;
}

const BPS = 10_000;

function given(value: number | null | undefined, name: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value)) throw new RangeError(`${name} must be finite, got ${value}`);
  return value;
}

function givenPrice(value: number | null | undefined, name: string): number | null {
  const price = given(value, name);
  if (price !== null && price <= 0) throw new RangeError(`${name} must be positive, got ${price}`);
  return price;
}

function elapsed(from: number | null, to: number | null): number | null {
  return from === null || to === null ? null : to - from;
}

export function computeTca(input: TcaInput): TcaResult {
  if (!(Number.isFinite(input.quantity) && input.quantity > 0))
    throw new RangeError(`quantity must be a positive finite number, got ${input.quantity}`);
  const sign = input.side === 'buy' ? 1 : -1;
  let filledQuantity = 0;
  let notional = 0;
  let fees = 0;
  for (const fill of input.fills) {
    if (!(
      Number.isFinite(fill.quantity) &&
      fill.quantity > 0 &&
      Number.isFinite(fill.price) &&
      fill.price > 0
    ))
      throw new RangeError(`fill quantity and price must be positive finite numbers`);
    if (!(Number.isFinite(fill.fee) && fill.fee >= 0))
      throw new RangeError(`fill fee must be finite and >= 0`);
    filledQuantity += fill.quantity;
    notional += fill.price * fill.quantity;
    fees += fill.fee;
  }
  const fillVwap = filledQuantity > 0 ? notional / filledQuantity : null;
  const decisionPrice = givenPrice(input.decisionPrice, 'decisionPrice');
  const arrivalPrice = givenPrice(input.arrivalPrice, 'arrivalPrice');
  const slippageBps = (reference: number | null): number | null =>
    fillVwap === null || reference === null ? null : (sign * (fillVwap - reference) * BPS) / reference;
  const implementationShortfallBps =
    fillVwap === null || decisionPrice === null
      ? null
      : ((sign * (fillVwap - decisionPrice) * filledQuantity + fees) * BPS) /
        (decisionPrice * filledQuantity);
  const decisionTime = given(input.decisionTime, 'decisionTime');
  const submittedAt = given(input.submittedAt, 'submittedAt');
  const acceptedAt = given(input.acceptedAt, 'acceptedAt');
  const firstFillAt = given(input.firstFillAt, 'firstFillAt');
  const lastFillAt = given(input.lastFillAt, 'lastFillAt');
  return {
    fillVwap,
    filledQuantity,
    fillRate: filledQuantity / input.quantity,
    fees,
    slippageBpsVsDecision: slippageBps(decisionPrice),
    slippageBpsVsArrival: slippageBps(arrivalPrice),
    implementationShortfallBps,
    latencyMs: {
      decisionToSubmit: elapsed(decisionTime, submittedAt),
      submitToAck: elapsed(submittedAt, acceptedAt),
      ackToFirstFill: elapsed(acceptedAt, firstFillAt),
      firstToLastFill: elapsed(firstFillAt, lastFillAt),
    },
  };
}
