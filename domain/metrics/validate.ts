/**
 * Input checks shared by the metric functions. Bad input (NaN, ±Infinity, non-positive equity, a
 * probability outside [0, 1]) is a bug upstream, so it throws a RangeError naming the field and
 * index; a metric that merely cannot be computed is NaN instead, never a throw.
 */

export function requireFinite(value: number, field: string): void {
  if (!Number.isFinite(value)) throw new RangeError(`${field} must be a finite number, got ${value}`);
}

export function requirePositive(value: number, field: string): void {
  if (!(Number.isFinite(value) && value > 0))
    throw new RangeError(`${field} must be a finite positive number, got ${value}`);
}

export function requireProbability(value: number, field: string): void {
  if (!(Number.isFinite(value) && value >= 0 && value <= 1))
    throw new RangeError(`${field} must be a probability in [0, 1], got ${value}`);
}

/** Equity is a positive amount at every point: returns and drawdowns divide by it. */
export function requireEquitySeries(equity: readonly number[], field = 'equity'): void {
  equity.forEach((value, index) => requirePositive(value, `${field}[${index}]`));
}
