/**
 * The pre-trade risk gate: sixteen rules evaluated in a fixed order over one RiskSnapshot. Every
 * rule reports a result (PASS or DENY with a stable code); the order is allowed only when none
 * denies. Rules only ever block — nothing is resized. Pure and deterministic: the decision depends
 * on the snapshot alone, so a stored snapshot reproduces its decision.
 */
import {
  EXPOSURE_TOLERANCE,
  formatAmount,
  formatNumber,
  increasesExposure,
  isFiniteNumber,
  isValidNumber,
  openOrdersSameSide,
  signedQuantity,
  sumLeaves,
  type LeavesSum,
} from './exposure.js';
import type { PositionExposure, RiskDecision, RiskLimits, RiskSnapshot, RuleResult } from './snapshot.js';

export type {
  DeskMode,
  Limit,
  OpenOrderExposure,
  PositionExposure,
  RiskDecision,
  RiskLimits,
  RiskSnapshot,
  RuleResult,
  RuleVerdict,
} from './snapshot.js';

/** Bumped whenever a rule's meaning changes, so recorded decisions say which rules made them. */
export const RISK_RULES_VERSION = 'pre-trade-2';

type Outcome = Omit<RuleResult, 'rule'>;

const pass = (detail: string): Outcome => ({ verdict: 'PASS', code: null, detail });
const deny = (code: string, detail: string): Outcome => ({ verdict: 'DENY', code, detail });

const NOT_EVALUATED = 'not evaluated: invalid numbers (see validNumbers)';

/** What several rules need, computed once per snapshot. */
interface Context {
  snapshot: RiskSnapshot;
  /** Quantity valid, and for a limit order its price too: the figures later rules compute with. */
  usable: boolean;
  /** Signed intent quantity (meaningful only when usable). */
  q: number;
  /** Signed position in the intent's symbol; null when the stored quantity is not a finite number. */
  p: number | null;
  /** Limit price for a limit order, last price for a market order; null when not a valid number. */
  referencePrice: number | null;
  /** Leaves of open orders on the intent's symbol and side, signed like q. */
  openSameSide: LeavesSum;
  /** Whether the order increases exposure; an unknown position counts as increasing (fail closed). */
  increases: boolean;
}

function ownPosition(snapshot: RiskSnapshot, symbol: string): PositionExposure | undefined {
  return Object.hasOwn(snapshot.positions, symbol) ? snapshot.positions[symbol] : undefined;
}

function buildContext(snapshot: RiskSnapshot): Context {
  const { intent } = snapshot;
  const usable = isValidNumber(intent.quantity) && (intent.type !== 'limit' || isValidNumber(intent.price));
  const q = signedQuantity(intent);
  const rawPosition = ownPosition(snapshot, intent.symbol)?.quantity ?? 0;
  const p = isFiniteNumber(rawPosition) ? rawPosition : null;
  const price = intent.type === 'limit' ? intent.price : snapshot.lastPrice;
  const referencePrice = isValidNumber(price) ? price : null;
  const leaves = sumLeaves(openOrdersSameSide(snapshot));
  const openSameSide: LeavesSum =
    leaves.ok && intent.side === 'sell' ? { ok: true, total: -leaves.total } : leaves;
  const increases = usable && (p === null || increasesExposure(p, q));
  return { snapshot, usable, q, p, referencePrice, openSameSide, increases };
}

const describeSide = (p: number) => (p > 0 ? 'long' : 'short');
const qty = (value: number) => formatNumber(value);

// ---------------------------------------------------------------------------------------------
// Rules without a configured limit.

function validNumbers({ snapshot: { intent } }: Context): Outcome {
  // Raw String(): an operator must see exactly what the intent carried (NaN included).
  const problems: string[] = [];
  if (!isValidNumber(intent.quantity))
    problems.push(`quantity ${String(intent.quantity)} must be a finite number > 0`);
  if (intent.type === 'limit') {
    if (intent.price === undefined || intent.price === null) problems.push('a limit order needs a price');
    else if (!isValidNumber(intent.price))
      problems.push(`limit price ${String(intent.price)} must be a finite number > 0`);
  } else if (intent.price !== undefined && intent.price !== null) {
    problems.push(`a market order must have no price (got ${String(intent.price)})`);
  }
  if (intent.decisionPrice !== undefined && !isValidNumber(intent.decisionPrice))
    problems.push(`decisionPrice ${String(intent.decisionPrice)} must be a finite number > 0`);
  if (intent.expireAfterMs !== undefined && !isValidNumber(intent.expireAfterMs))
    problems.push(`expireAfterMs ${String(intent.expireAfterMs)} must be a finite number > 0`);
  return problems.length === 0
    ? pass('quantity, price and optional fields are finite and positive')
    : deny('INVALID_NUMBERS', `invalid order numbers: ${problems.join('; ')}`);
}

function knownInstrument({ snapshot }: Context): Outcome {
  return snapshot.instrumentKnown
    ? pass(`${snapshot.intent.symbol} is listed by the venue`)
    : deny('UNKNOWN_INSTRUMENT', `${snapshot.intent.symbol} is not listed by the venue: check the symbol`);
}

function deskMode(ctx: Context): Outcome {
  const { snapshot, usable, q, p, openSameSide } = ctx;
  const { intent } = snapshot;
  if (snapshot.deskMode === 'ACTIVE') return pass('the desk is ACTIVE');
  if (snapshot.deskMode === 'HALTED')
    return deny('DESK_HALTED', 'the desk is HALTED: no order is placed until an operator resumes trading');
  if (snapshot.deskMode !== 'CLOSE_ONLY')
    return deny('DESK_HALTED', `unknown desk mode ${String(snapshot.deskMode)}: treated as HALTED`);
  const denyClose = (why: string) => deny('DESK_CLOSE_ONLY', `the desk is CLOSE_ONLY: ${why}`);
  if (!usable) return denyClose('the order quantity is invalid, so it cannot be shown to reduce a position');
  if (p === null) return denyClose(`the ${intent.symbol} position is not a valid number`);
  if (!openSameSide.ok)
    return denyClose(`open order ${openSameSide.bad.clientOrderId} has an invalid leaves quantity`);
  const order = `a ${intent.side} of ${qty(intent.quantity)} ${intent.symbol}`;
  if (p === 0)
    return denyClose(`there is no ${intent.symbol} position to reduce; ${order} would increase it`);
  if (Math.sign(q) === Math.sign(p))
    return denyClose(`${order} would increase the ${describeSide(p)} position of ${qty(p)}`);
  const open = openSameSide.total;
  const openText = open === 0 ? '' : ` together with ${qty(Math.abs(open))} already open on that side`;
  if (Math.abs(q + open) > Math.abs(p) * (1 + EXPOSURE_TOLERANCE))
    return denyClose(`${order}${openText} would flip the ${describeSide(p)} position of ${qty(p)}`);
  return pass(
    `the desk is CLOSE_ONLY and ${order}${openText} reduces the ${describeSide(p)} position of ${qty(p)}`,
  );
}

function referencePrice({ snapshot }: Context): Outcome {
  const { intent, lastPrice } = snapshot;
  if (intent.type === 'limit') return pass('limit order: its limit price is the reference price');
  return isValidNumber(lastPrice)
    ? pass(`market order: the reference price is the last price ${formatAmount(lastPrice)}`)
    : deny(
        'NO_REFERENCE_PRICE',
        `no valid last price for ${intent.symbol} (got ${formatNumber(lastPrice)}): a market order cannot be valued`,
      );
}

function duplicateIntent({ snapshot }: Context): Outcome {
  return snapshot.duplicateOf === null
    ? pass('no allowed order with the same account, symbol, side, type, quantity and price is recent')
    : deny(
        'DUPLICATE_INTENT',
        `duplicate of the allowed order ${snapshot.duplicateOf} (same account, symbol, side, type, quantity and price inside the duplicate window)`,
      );
}

// ---------------------------------------------------------------------------------------------
// Limit-backed rules: the wrapper below handles absent, 'unlimited' and garbage limits first, so
// an unconfigured limit denies every order (fail closed) whatever the order is.

type LimitKey = keyof RiskLimits;
type LimitCheck = (ctx: Context, limit: number, path: string) => Outcome;

/** A configured value that is not a limit, shown to the operator without printing NaN. */
function describeLimit(limit: unknown): string {
  if (typeof limit === 'number') return formatNumber(limit);
  if (typeof limit === 'string') return JSON.stringify(limit);
  return limit === null ? 'null' : `a ${typeof limit}`;
}

function limitRule(key: LimitKey, check: LimitCheck): (ctx: Context) => Outcome {
  const path = `risk.limits.${key}`;
  return (ctx) => {
    const limit: unknown = ctx.snapshot.limits[key];
    if (limit === undefined)
      return deny(
        'LIMIT_NOT_CONFIGURED',
        `${path} is not configured: set a number or "unlimited" (fail closed)`,
      );
    if (limit === 'unlimited') return pass(`${path}: unlimited by configuration`);
    if (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 0)
      return deny(
        'LIMIT_NOT_CONFIGURED',
        `${path} (${describeLimit(limit)}) is not a valid limit: set a finite number ≥ 0 or "unlimited" (fail closed)`,
      );
    return check(ctx, limit, path);
  };
}

const maxOrderQuantity = limitRule('maxOrderQuantity', ({ snapshot: { intent } }, limit, path) => {
  if (!isValidNumber(intent.quantity)) return pass(NOT_EVALUATED);
  return intent.quantity > limit
    ? deny('MAX_ORDER_QUANTITY', `quantity ${qty(intent.quantity)} exceeds ${path} ${formatNumber(limit)}`)
    : pass(`quantity ${qty(intent.quantity)} ≤ ${formatNumber(limit)}`);
});

const maxOrderNotional = limitRule('maxOrderNotional', (ctx, limit, path) => {
  const { intent } = ctx.snapshot;
  if (!ctx.usable) return pass(NOT_EVALUATED);
  if (ctx.referencePrice === null) return pass('not evaluated: no reference price (see referencePrice)');
  const notional = ctx.referencePrice * intent.quantity;
  const what = `notional ${formatAmount(notional)} (${qty(intent.quantity)} × ${formatAmount(ctx.referencePrice)})`;
  return notional > limit
    ? deny('MAX_ORDER_NOTIONAL', `${what} exceeds ${path} ${formatAmount(limit)}`)
    : pass(`${what} ≤ ${formatAmount(limit)}`);
});

const priceCollar = limitRule('priceCollarBps', (ctx, limit, path) => {
  const { intent, lastPrice } = ctx.snapshot;
  if (intent.type !== 'limit') return pass('market order: no limit price to collar');
  if (!ctx.usable || intent.price === undefined) return pass(NOT_EVALUATED);
  if (!isValidNumber(lastPrice))
    return deny(
      'PRICE_COLLAR',
      `no last price to collar against for ${intent.symbol} (got ${formatNumber(lastPrice)})`,
    );
  const bps = (Math.abs(intent.price - lastPrice) * 10_000) / lastPrice;
  const what = `limit price ${formatAmount(intent.price)} is ${bps.toFixed(2)} bps from the last price ${formatAmount(lastPrice)}`;
  return bps > limit
    ? deny('PRICE_COLLAR', `${what}, beyond ${path} ${formatNumber(limit)} bps`)
    : pass(`${what}, within ${formatNumber(limit)} bps`);
});

/** The intent symbol's worst-case position after the order, or why it cannot be valued. */
function worstOwnPosition(
  ctx: Context,
): { ok: true; quantity: number; price: number } | { ok: false; why: string } {
  const { intent } = ctx.snapshot;
  if (ctx.p === null) return { ok: false, why: `the ${intent.symbol} position is not a valid number` };
  if (!ctx.openSameSide.ok)
    return {
      ok: false,
      why: `open order ${ctx.openSameSide.bad.clientOrderId} has an invalid leaves quantity`,
    };
  if (ctx.referencePrice === null) return { ok: false, why: `no reference price for ${intent.symbol}` };
  return { ok: true, quantity: Math.abs(ctx.p + ctx.openSameSide.total + ctx.q), price: ctx.referencePrice };
}

const REDUCES = 'the order reduces exposure: not limited';

const maxPositionNotional = limitRule('maxPositionNotional', (ctx, limit, path) => {
  if (!ctx.usable) return pass(NOT_EVALUATED);
  if (!ctx.increases) return pass(REDUCES);
  const own = worstOwnPosition(ctx);
  if (!own.ok) return deny('POSITION_LIMIT', `cannot value the position: ${own.why}`);
  const notional = own.quantity * own.price;
  const what = `worst-case ${ctx.snapshot.intent.symbol} position ${qty(own.quantity)} × ${formatAmount(own.price)} = ${formatAmount(notional)} (position, open orders on this side and this order)`;
  return notional > limit
    ? deny('POSITION_LIMIT', `${what} exceeds ${path} ${formatAmount(limit)}`)
    : pass(`${what} ≤ ${formatAmount(limit)}`);
});

/** Gross notional of everything but the intent's symbol: positions at mark, open orders at their price or mark. */
function otherSymbolsGross(snapshot: RiskSnapshot): { ok: true; total: number } | { ok: false; why: string } {
  const { intent, positions, openOrders } = snapshot;
  let total = 0;
  for (const symbol of Object.keys(positions).sort()) {
    if (symbol === intent.symbol) continue;
    const position = ownPosition(snapshot, symbol);
    if (position === undefined) continue;
    if (!isFiniteNumber(position.quantity))
      return { ok: false, why: `the ${symbol} position is not a valid number` };
    if (position.quantity === 0) continue;
    if (!isValidNumber(position.markPrice))
      return {
        ok: false,
        why: `no mark price for ${symbol} to value its position of ${qty(position.quantity)}`,
      };
    total += Math.abs(position.quantity) * position.markPrice;
  }
  for (const order of openOrders) {
    if (order.symbol === intent.symbol) continue;
    if (!isFiniteNumber(order.leavesQuantity) || order.leavesQuantity < 0)
      return {
        ok: false,
        why: `open order ${order.clientOrderId} on ${order.symbol} has an invalid leaves quantity`,
      };
    if (order.leavesQuantity === 0) continue;
    if (order.price !== null && !isValidNumber(order.price))
      return { ok: false, why: `open order ${order.clientOrderId} on ${order.symbol} has an invalid price` };
    const price = order.price ?? ownPosition(snapshot, order.symbol)?.markPrice ?? null;
    if (!isValidNumber(price))
      return {
        ok: false,
        why: `no mark price for ${order.symbol} to value the open market order ${order.clientOrderId}`,
      };
    total += order.leavesQuantity * price;
  }
  return { ok: true, total };
}

const maxGrossExposure = limitRule('maxGrossExposure', (ctx, limit, path) => {
  if (!ctx.usable) return pass(NOT_EVALUATED);
  if (!ctx.increases) return pass(REDUCES);
  const own = worstOwnPosition(ctx);
  if (!own.ok) return deny('GROSS_EXPOSURE_LIMIT', `cannot value gross exposure: ${own.why}`);
  const others = otherSymbolsGross(ctx.snapshot);
  if (!others.ok) return deny('GROSS_EXPOSURE_LIMIT', `cannot value gross exposure: ${others.why}`);
  const ownNotional = own.quantity * own.price;
  const gross = others.total + ownNotional;
  const what = `worst-case gross exposure ${formatAmount(gross)} (${ctx.snapshot.intent.symbol} ${formatAmount(ownNotional)} + other symbols ${formatAmount(others.total)})`;
  return gross > limit
    ? deny('GROSS_EXPOSURE_LIMIT', `${what} exceeds ${path} ${formatAmount(limit)}`)
    : pass(`${what} ≤ ${formatAmount(limit)}`);
});

const maxDailyLoss = limitRule('maxDailyLoss', (ctx, limit, path) => {
  if (!ctx.usable) return pass(NOT_EVALUATED);
  if (!ctx.increases) return pass(REDUCES);
  const { equity, startOfDayEquity } = ctx.snapshot;
  if (!isFiniteNumber(equity) || !isFiniteNumber(startOfDayEquity))
    return deny(
      'EQUITY_UNKNOWN',
      `cannot check the daily loss: equity ${formatNumber(equity)}, start-of-day equity ${formatNumber(startOfDayEquity)}`,
    );
  const loss = startOfDayEquity - equity;
  const what = `loss today ${formatAmount(loss)} (start of day ${formatAmount(startOfDayEquity)}, now ${formatAmount(equity)})`;
  return loss >= limit
    ? deny(
        'DAILY_LOSS_LIMIT',
        `${what} reached ${path} ${formatAmount(limit)}: only reducing orders until tomorrow`,
      )
    : pass(`${what} < ${formatAmount(limit)}`);
});

const maxDrawdownPct = limitRule('maxDrawdownPct', (ctx, limit, path) => {
  if (!ctx.usable) return pass(NOT_EVALUATED);
  if (!ctx.increases) return pass(REDUCES);
  const { equity, peakEquity } = ctx.snapshot;
  if (!isFiniteNumber(equity) || !isFiniteNumber(peakEquity) || peakEquity <= 0)
    return deny(
      'EQUITY_UNKNOWN',
      `cannot check the drawdown: equity ${formatNumber(equity)}, peak equity ${formatNumber(peakEquity)} (the peak must be > 0)`,
    );
  const drawdown = ((peakEquity - equity) * 100) / peakEquity;
  const what = `drawdown ${drawdown.toFixed(2)}% (peak ${formatAmount(peakEquity)}, now ${formatAmount(equity)})`;
  return drawdown >= limit
    ? deny('DRAWDOWN_LIMIT', `${what} reached ${path} ${formatNumber(limit)}%: only reducing orders`)
    : pass(`${what} < ${formatNumber(limit)}%`);
});

/** A count rule over all orders: denies when the count reached the limit, or is not a count at all. */
function countRule(key: LimitKey, code: string, field: 'ordersToday' | 'ordersLastMinute', what: string) {
  return limitRule(key, ({ snapshot }, limit, path) => {
    const count = snapshot[field];
    if (!isFiniteNumber(count) || count < 0)
      return deny(code, `${what} is not a valid count (got ${formatNumber(count)})`);
    return count >= limit
      ? deny(code, `${formatNumber(count)} ${what} reached ${path} ${formatNumber(limit)}`)
      : pass(`${formatNumber(count)} ${what} < ${formatNumber(limit)}`);
  });
}

const maxTradesPerDay = countRule('maxTradesPerDay', 'TRADES_PER_DAY', 'ordersToday', 'orders allowed today');

const seconds = (ms: number) => `${formatNumber(Math.round(ms) / 1000)} s`;

const lossCooldownSeconds = limitRule('lossCooldownSeconds', (ctx, limit, path) => {
  if (!ctx.usable) return pass(NOT_EVALUATED);
  if (!ctx.increases) return pass(REDUCES);
  const { now, lastLossAt } = ctx.snapshot;
  if (lastLossAt === null) return pass('no loss-realizing fill on record');
  // A loss stamped after `now` is two venue reads a moment apart (the simulator's clock can run
  // 600× real time): it has just happened.
  const elapsed = Math.max(0, now - lastLossAt);
  if (!isFiniteNumber(elapsed))
    return deny('LOSS_COOLDOWN', 'cannot tell the time since the last loss-realizing fill (invalid times)');
  const cooldownMs = limit * 1000;
  return elapsed < cooldownMs
    ? deny(
        'LOSS_COOLDOWN',
        `last loss-realizing fill ${seconds(elapsed)} ago, inside ${path} ${formatNumber(limit)} s: exposure-increasing orders resume in ${seconds(cooldownMs - elapsed)}`,
      )
    : pass(`last loss-realizing fill ${seconds(elapsed)} ago, cooldown ${formatNumber(limit)} s over`);
});

const maxOrdersPerMinute = countRule(
  'maxOrdersPerMinute',
  'ORDER_RATE',
  'ordersLastMinute',
  'orders allowed in the last minute',
);

const maxMarketDataAgeSeconds = limitRule('maxMarketDataAgeSeconds', ({ snapshot }, limit, path) => {
  const { now, lastPriceTime, intent } = snapshot;
  if (lastPriceTime === null)
    return deny('STALE_MARKET_DATA', `no time for the last price of ${intent.symbol}: market data unknown`);
  const age = now - lastPriceTime;
  if (!isFiniteNumber(age))
    return deny(
      'STALE_MARKET_DATA',
      `cannot tell the age of the last price of ${intent.symbol} (invalid times)`,
    );
  return age > limit * 1000
    ? deny(
        'STALE_MARKET_DATA',
        `last price of ${intent.symbol} is ${seconds(age)} old, older than ${path} ${formatNumber(limit)} s`,
      )
    : pass(`last price of ${intent.symbol} is ${seconds(age)} old, within ${formatNumber(limit)} s`);
});

// ---------------------------------------------------------------------------------------------

/** Rules in their fixed evaluation order. Each can only block. */
const RULES: readonly { name: string; evaluate: (ctx: Context) => Outcome }[] = [
  { name: 'validNumbers', evaluate: validNumbers },
  { name: 'knownInstrument', evaluate: knownInstrument },
  { name: 'deskMode', evaluate: deskMode },
  { name: 'referencePrice', evaluate: referencePrice },
  { name: 'maxOrderQuantity', evaluate: maxOrderQuantity },
  { name: 'maxOrderNotional', evaluate: maxOrderNotional },
  { name: 'priceCollar', evaluate: priceCollar },
  { name: 'maxPositionNotional', evaluate: maxPositionNotional },
  { name: 'maxGrossExposure', evaluate: maxGrossExposure },
  { name: 'maxDailyLoss', evaluate: maxDailyLoss },
  { name: 'maxDrawdownPct', evaluate: maxDrawdownPct },
  { name: 'maxTradesPerDay', evaluate: maxTradesPerDay },
  { name: 'lossCooldownSeconds', evaluate: lossCooldownSeconds },
  { name: 'maxOrdersPerMinute', evaluate: maxOrdersPerMinute },
  { name: 'maxMarketDataAgeSeconds', evaluate: maxMarketDataAgeSeconds },
  { name: 'duplicateIntent', evaluate: duplicateIntent },
];

/** Rule names in evaluation order (the order of `results`). */
export const RISK_RULE_NAMES: readonly string[] = Object.freeze(RULES.map((rule) => rule.name));

/** Evaluates every rule in order and reports all of them; ALLOW only when none denies. */
export function evaluatePreTradeRisk(snapshot: RiskSnapshot): RiskDecision {
  const ctx = buildContext(snapshot);
  const results: RuleResult[] = RULES.map(({ name, evaluate }) => ({ rule: name, ...evaluate(ctx) }));
  const findings: { code: string; detail: string }[] = [];
  for (const result of results)
    if (result.verdict === 'DENY' && result.code !== null)
      findings.push({ code: result.code, detail: result.detail });
  const codes = [...new Set(findings.map((finding) => finding.code))];
  return {
    decision: results.every((result) => result.verdict === 'PASS') ? 'ALLOW' : 'DENY',
    codes,
    findings,
    results,
    rulesVersion: RISK_RULES_VERSION,
  };
}
