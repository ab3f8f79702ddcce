// Transaction cost analysis of one order: what was paid versus the price at decision and at
// arrival, and where the time went. Every figure is null when an input it needs is missing, so a
// report can tell "no cost" (0) from "cannot tell" (null). Each latency leg is measured between two
// stamps of one clock (TCA_LEGS), so a paper run on the simulator's accelerated market clock gets
// market-time legs and wall-clock latencies side by side, never one minus the other.
import type { OrderSide } from '../orders/types.js';

export interface TcaFill {
  price: number;
  quantity: number;
  fee: number;
}

/**
 * The clock a time stamp is read on. `market` is the venue's clock: the simulator's market time
 * (which an accelerated paper run moves far faster than, and nowhere near, the wall clock) or the
 * exchange's own clock live. `wall` is the Keel worker's own clock, which measures what a call to
 * the venue really took.
 */
export type TcaClock = 'market' | 'wall';

/** Every time stamp TCA measures between, and its clock. A leg only ever joins two stamps of one clock. */
export const TCA_STAMP_CLOCKS = {
  /**
   * When the strategy decided: a burn-in step's market time. An operator's or an adopted order
   * stamps the worker's clock here, which is the market clock only on a live venue.
   */
  decisionTime: 'market',
  /** The venue's time of acceptance (the order workflow's clock only if a venue reports none). */
  acceptedAt: 'market',
  /** The venue's times of the first and the last fill. */
  firstFillAt: 'market',
  lastFillAt: 'market',
  /** The worker's clock just before the order request of the acknowledged submission went out. */
  sentWallAt: 'wall',
  /** The worker's clock when the venue's acknowledgement of that request came back. */
  ackedWallAt: 'wall',
} as const satisfies Record<string, TcaClock>;

export type TcaStamp = keyof typeof TCA_STAMP_CLOCKS;

/**
 * The latency legs, each from one stamp to a later one on the same clock. There is deliberately no
 * decision→submit or submit→ack leg across clocks: the order workflow stamps `submitted_at` on the
 * wall clock, the decision and the acknowledgement are market time, and in an accelerated run the
 * two clocks are months apart.
 */
export const TCA_LEGS = {
  /** Market time from the decision to the venue's acceptance. */
  decisionToAckMarket: { from: 'decisionTime', to: 'acceptedAt' },
  /** Market time the order rested accepted before its first fill. */
  ackToFirstFillMarket: { from: 'acceptedAt', to: 'firstFillAt' },
  /** Market time the order took to fill, first fill to last. */
  firstToLastFillMarket: { from: 'firstFillAt', to: 'lastFillAt' },
  /** Market time from the decision to the first fill. */
  decisionToFirstFillMarket: { from: 'decisionTime', to: 'firstFillAt' },
  /** What the venue round trip of the acknowledged submission really took, on the worker's clock. */
  submitToAckWall: { from: 'sentWallAt', to: 'ackedWallAt' },
} as const satisfies Record<string, { from: TcaStamp; to: TcaStamp }>;

export type TcaLeg = keyof typeof TCA_LEGS;

export interface TcaInput {
  side: OrderSide;
  /** Ordered quantity (the fill rate's denominator). */
  quantity: number;
  /** Price the strategy decided at. */
  decisionPrice?: number | null;
  /** Market price when the order reached the venue (last trade or mid at submit). */
  arrivalPrice?: number | null;
  /** Time stamps (epoch ms), each on the clock TCA_STAMP_CLOCKS names. */
  decisionTime?: number | null;
  acceptedAt?: number | null;
  firstFillAt?: number | null;
  lastFillAt?: number | null;
  sentWallAt?: number | null;
  ackedWallAt?: number | null;
  /** Fees in the quote asset. */
  fills: readonly TcaFill[];
}

/**
 * Time of each leg in ms (TCA_LEGS): null when a stamp is missing, and null when the leg would run
 * backwards. Never negative: both ends are on one clock, so a later stamp before an earlier one is
 * a defect in a stamp, not a duration (live, two machines' readings of the market clock: an
 * operator's order decided on the worker's clock, acknowledged on the exchange's a few ms behind
 * it; or a clock stepped back mid-order). Printing it would skew every average and clamping it to
 * 0 would invent a fact, so the leg is null and `skewedLegs` names it: "cannot tell, and why".
 */
export type TcaLatencies = Record<TcaLeg, number | null>;

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
  /** The legs left null because their later stamp came first (see TcaLatencies), in TCA_LEGS order. */
  skewedLegs: TcaLeg[];
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

const LEG_NAMES = Object.keys(TCA_LEGS) as TcaLeg[];

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
  const stamps = {} as Record<TcaStamp, number | null>;
  for (const stamp of Object.keys(TCA_STAMP_CLOCKS) as TcaStamp[]) stamps[stamp] = given(input[stamp], stamp);
  const latencyMs = {} as TcaLatencies;
  const skewedLegs: TcaLeg[] = [];
  for (const leg of LEG_NAMES) {
    const from = stamps[TCA_LEGS[leg].from];
    const to = stamps[TCA_LEGS[leg].to];
    const skewed = from !== null && to !== null && to < from;
    if (skewed) skewedLegs.push(leg);
    latencyMs[leg] = from === null || to === null || skewed ? null : to - from;
  }
  return {
    fillVwap,
    filledQuantity,
    fillRate: filledQuantity / input.quantity,
    fees,
    slippageBpsVsDecision: slippageBps(decisionPrice),
    slippageBpsVsArrival: slippageBps(arrivalPrice),
    implementationShortfallBps,
    latencyMs,
    skewedLegs,
  };
}
