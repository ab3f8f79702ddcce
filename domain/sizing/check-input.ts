import { decimalsOf } from '../execution/decimals.js';
import { SIZING_METHODS, type SizingInput } from './types.js';

// Sizing fails loudly: a NaN or a missing parameter that silently sized to 0 (or to everything)
// would look like a quiet strategy or a blown account. Each error names the field and the fix.

type Check = (value: number) => boolean;

const positive: Check = (v) => Number.isFinite(v) && v > 0;
const nonNegative: Check = (v) => Number.isFinite(v) && v >= 0;
const fraction: Check = (v) => Number.isFinite(v) && v > 0 && v <= 1;
const probability: Check = (v) => Number.isFinite(v) && v >= 0 && v <= 1;

function fail(input: SizingInput, field: string, value: unknown, expected: string, fix: string): never {
  const symbol = typeof input.symbol === 'string' ? input.symbol : '?';
  throw new RangeError(`sizing ${symbol}: ${field} must be ${expected} (got ${String(value)}); ${fix}`);
}

function check(
  input: SizingInput,
  field: string,
  value: unknown,
  valid: Check,
  expected: string,
  fix: string,
): void {
  if (typeof value !== 'number' || !valid(value)) fail(input, field, value, expected, fix);
}

/** Checks a field the method needs: it must be present and valid. */
function required(input: SizingInput, field: keyof SizingInput, valid: Check, expected: string, fix: string) {
  check(input, field, input[field], valid, expected, fix);
}

/** Checks a field the method does not need: it may be absent, but a present one must be valid. */
function optional(input: SizingInput, field: keyof SizingInput, valid: Check, expected: string) {
  if (input[field] !== undefined)
    check(input, field, input[field], valid, expected, 'omit it or pass a valid value');
}

/** Throws a RangeError naming the first invalid field of the input and how to fix it. */
export function checkSizingInput(input: SizingInput): void {
  if (typeof input.symbol !== 'string' || input.symbol === '') {
    fail(input, 'symbol', input.symbol, 'a non-empty string', 'pass the instrument symbol');
  }
  if (!(SIZING_METHODS as readonly string[]).includes(input.method)) {
    fail(input, 'method', input.method, `one of ${SIZING_METHODS.join(', ')}`, 'choose a sizing method');
  }
  if (typeof input.riskOn !== 'boolean')
    fail(input, 'riskOn', input.riskOn, 'a boolean', 'pass the desk risk state');
  required(input, 'equity', positive, 'a finite number > 0', 'pass the account equity in quote currency');
  required(input, 'price', positive, 'a finite number > 0', 'pass the last price in quote currency');
  checkMethodFields(input);
  optional(input, 'maxNotional', nonNegative, 'a finite number >= 0');
  optional(input, 'maxLeverage', positive, 'a finite number > 0');
  checkRules(input);
}

function checkMethodFields(input: SizingInput): void {
  const fix = (what: string) => `${input.method} sizing needs ${what}`;
  const fields = {
    fixedFraction: ['riskFraction', 'stopDistance'],
    volatilityTarget: ['targetVolatility', 'realizedVolatility', 'baseFraction', 'scaleFloor', 'scaleCap'],
    kelly: ['probability', 'kellyFraction'],
  } as const;
  const rules: Record<(typeof fields)[keyof typeof fields][number], [Check, string, string]> = {
    riskFraction: [fraction, 'a number in (0, 1]', fix('the fraction of equity to lose at the stop')],
    stopDistance: [
      positive,
      'a finite number > 0',
      fix("the stop distance in price units (the strategy's stopDistance)"),
    ],
    targetVolatility: [positive, 'a finite number > 0', fix('the annualised volatility to target')],
    realizedVolatility: [
      nonNegative,
      'a finite number >= 0',
      fix("the annualised realised volatility (the strategy's realizedVolatility)"),
    ],
    baseFraction: [positive, 'a finite number > 0', fix('the fraction of equity held at scale 1')],
    scaleFloor: [nonNegative, 'a finite number >= 0', fix('the smallest scale (0 allows none)')],
    scaleCap: [positive, 'a finite number > 0', fix('the largest scale')],
    probability: [
      probability,
      'a number in [0, 1]',
      fix("the estimated P(YES) (the strategy's probability)"),
    ],
    kellyFraction: [fraction, 'a number in (0, 1]', fix('the share of full Kelly to stake (0.25 is common)')],
  };
  for (const method of SIZING_METHODS) {
    for (const field of fields[method]) {
      const [valid, expected, message] = rules[field];
      if (method === input.method) required(input, field, valid, expected, message);
      else optional(input, field, valid, expected);
    }
  }
  if (input.method === 'volatilityTarget' && input.scaleCap! < input.scaleFloor!) {
    fail(
      input,
      'scaleCap',
      input.scaleCap,
      `>= scaleFloor (${input.scaleFloor})`,
      'raise scaleCap or lower scaleFloor',
    );
  }
  if (input.method === 'kelly' && !(input.price < 1)) {
    fail(
      input,
      'price',
      input.price,
      'below 1 for kelly',
      'kelly sizes binary YES tokens, whose price is a probability',
    );
  }
}

function checkRules(input: SizingInput): void {
  const rules: unknown = input.rules;
  if (typeof rules !== 'object' || rules === null) {
    fail(
      input,
      'rules',
      rules,
      'an object',
      'pass the instrument rules (stepSize, minQty, maxQty, minNotional)',
    );
  }
  const { stepSize, minQty, maxQty, minNotional } = input.rules;
  const fix = "pass the instrument's LOT_SIZE and NOTIONAL filters";
  check(input, 'rules.stepSize', stepSize, positive, 'a finite number > 0', fix);
  try {
    decimalsOf(stepSize);
  } catch {
    fail(input, 'rules.stepSize', stepSize, 'a decimal step (0.001, 1, 0.25…)', fix);
  }
  check(input, 'rules.minQty', minQty, nonNegative, 'a finite number >= 0', fix);
  check(
    input,
    'rules.maxQty',
    maxQty,
    (v) => Number.isFinite(v) && v > 0 && v >= minQty,
    `a finite number > 0 and >= minQty`,
    fix,
  );
  check(input, 'rules.minNotional', minNotional, nonNegative, 'a finite number >= 0', fix);
}
