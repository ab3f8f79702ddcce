// Float-safe decimal helpers for exchange arithmetic. Venues publish tick and step sizes as
// decimals (0.01, 0.00001) and compare in fixed point; binary doubles do not represent most of
// them, so 0.3 / 0.1 is 2.9999999999999996. Rounding works on the decimal a double prints as;
// step tests absorb the noise arithmetic adds with a tolerance far below any real step (1e-9 of
// a step plus 8 ulps); every result is the double closest to a clean decimal, so outputs
// compare and serialise as a venue's would.

/** Decimal places of quote amounts and commissions (Binance reports 8). */
export const QUOTE_DECIMALS = 8;

/** Largest number of decimals a step may have; beyond it doubles cannot hold the digits. */
const MAX_DECIMALS = 15;

/** Relative size of binary noise that arithmetic on a few inputs leaves (8 ulps). */
const RELATIVE_NOISE = 8 * Number.EPSILON;

/** Above this magnitude a double is already an integer, so scaled values need no rounding. */
const INTEGER_DOUBLE_LIMIT = 2 ** 52;

function assertStep(step: number): void {
  if (!(Number.isFinite(step) && step > 0))
    throw new RangeError(`step must be a finite positive number, got ${step}`);
}

/** Decimals of the shortest decimal that prints as `value` (1e-8 → 8, 0.25 → 2, 5 → 0). */
function printedDecimals(value: number): number {
  const [mantissa = '', exponent = '0'] = value.toString().split('e');
  const point = mantissa.indexOf('.');
  const fraction = point < 0 ? 0 : mantissa.length - point - 1;
  return Math.max(0, fraction - Number(exponent));
}

/**
 * Number of decimal places of a step: 0.001 → 3, 1 → 0, 1e-8 → 8, 0.25 → 2, 5 → 0. A step carrying
 * binary noise (0.1 + 0.2) counts as its clean decimal; one that is no decimal at all (1/3) throws.
 */
export function decimalsOf(step: number): number {
  assertStep(step);
  const printed = printedDecimals(step);
  if (printed <= MAX_DECIMALS) return printed;
  for (let decimals = 0; decimals <= MAX_DECIMALS; decimals++) {
    const candidate = Number(step.toFixed(decimals));
    // Two ulps: enough for a step computed by one operation, too little to call 1/3 a decimal.
    if (Math.abs(candidate - step) <= step * 2 * Number.EPSILON) return decimals;
  }
  throw new RangeError(`step ${step} has more than ${MAX_DECIMALS} decimals`);
}

/** Turns -0 into 0 so results compare equal under Object.is and never print as "-0". */
function positiveZero(value: number): number {
  return value === 0 ? 0 : value;
}

/**
 * value × 10^places computed on the decimal the double prints as, so 1.005 shifts to exactly
 * 100.5 (the binary product 1.005 × 100 is 100.49999999999999).
 */
function shiftDecimal(value: number, places: number): number {
  const [mantissa, exponent = '0'] = value.toString().split('e');
  return Number(`${mantissa}e${Number(exponent) + places}`);
}

/**
 * Rounds half away from zero to `decimals` places, as the decimal the value prints as would be
 * rounded by hand (1.005 → 1.01). The result is the double closest to k / 10^decimals.
 */
export function roundTo(value: number, decimals: number): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20)
    throw new RangeError(`decimals must be an integer in [0, 20], got ${decimals}`);
  if (!Number.isFinite(value)) throw new RangeError(`cannot round ${value}`);
  const factor = 10 ** decimals;
  let scaled = Math.abs(value) * factor;
  if (scaled >= INTEGER_DOUBLE_LIMIT) return positiveZero(value);
  // The binary product differs from the decimal shift by a few ulps at most, which matters only
  // next to a half; only there is the (slower) string-based shift needed.
  const distanceToHalf = Math.abs(scaled - Math.floor(scaled) - 0.5);
  if (distanceToHalf <= 1e-9 + scaled * RELATIVE_NOISE) scaled = shiftDecimal(Math.abs(value), decimals);
  return positiveZero((Math.sign(value) * Math.round(scaled)) / factor);
}

/**
 * How far from a whole number of steps still counts as one: the binary noise of the count, plus
 * an absolute floor because a difference keeps the error of its operands (4 − 3.999 is
 * 0.0009999999999998899, 1.1e-13 of a 0.001 step away from one step).
 */
function stepTolerance(steps: number): number {
  return 1e-9 + Math.abs(steps) * RELATIVE_NOISE;
}

/** value / step; its few ulps of error are what stepTolerance absorbs. */
function stepsOf(value: number, step: number): { steps: number; decimals: number } {
  const decimals = decimalsOf(step);
  if (!Number.isFinite(value)) throw new RangeError(`value must be finite, got ${value}`);
  return { steps: value / step, decimals };
}

/** Largest multiple of `step` not above `value` (a value within float noise of a multiple is that multiple). */
export function floorToStep(value: number, step: number): number {
  const { steps, decimals } = stepsOf(value, step);
  const whole = Math.floor(steps + stepTolerance(steps));
  return roundTo(whole * step, decimals);
}

/** Smallest multiple of `step` not below `value` (a value within float noise of a multiple is that multiple). */
export function ceilToStep(value: number, step: number): number {
  const { steps, decimals } = stepsOf(value, step);
  const whole = Math.ceil(steps - stepTolerance(steps));
  return roundTo(whole * step, decimals);
}

/** True when `value` is a whole number of steps up to float noise (0.3 is a multiple of 0.1). */
export function isMultipleOfStep(value: number, step: number): boolean {
  const { steps } = stepsOf(value, step);
  return Math.abs(steps - Math.round(steps)) <= stepTolerance(steps);
}
