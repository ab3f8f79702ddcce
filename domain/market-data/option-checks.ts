/** Limits a numeric option must satisfy; every bound is inclusive unless named "Than". */
export interface NumberBounds {
  min?: number;
  max?: number;
  greaterThan?: number;
  lessThan?: number;
  integer?: boolean;
}

/**
 * Throws a RangeError naming the option when `value` is not a finite number within `bounds`.
 * Generators validate up front so a bad config fails at the edge with the option's name, rather than
 * as NaN prices deep inside a replay.
 */
export function checkNumber(name: string, value: unknown, bounds: NumberBounds = {}): number {
  const { min, max, greaterThan, lessThan, integer = false } = bounds;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isSafeInteger(value)) &&
    (min === undefined || value >= min) &&
    (max === undefined || value <= max) &&
    (greaterThan === undefined || value > greaterThan) &&
    (lessThan === undefined || value < lessThan);
  if (ok) return value;
  const rules = [
    integer ? 'a safe integer' : 'a finite number',
    min !== undefined ? `>= ${min}` : '',
    greaterThan !== undefined ? `> ${greaterThan}` : '',
    max !== undefined ? `<= ${max}` : '',
    lessThan !== undefined ? `< ${lessThan}` : '',
  ].filter((rule) => rule !== '');
  throw new RangeError(`${name} must be ${rules.join(' ')}, got ${describe(value)}`);
}

export function checkNonEmptyString(name: string, value: unknown): string {
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new RangeError(`${name} must be a non-empty string, got ${describe(value)}`);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
