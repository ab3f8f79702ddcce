import { z } from 'zod';

// Config field builders whose error messages state what is expected, so the registry can report
// `config.entryLookback: expected an integer >= 2` without translating zod's issue codes.

export function integerAtLeast(min: number, fallback: number) {
  const error = `expected an integer >= ${min}`;
  return z.number({ error }).int({ error }).min(min, { error }).default(fallback);
}

/** A finite number within [min, max]; either bound may be open. */
export function numberBetween(
  bounds: { min?: number; max?: number; minOpen?: boolean; maxOpen?: boolean },
  fallback: number,
) {
  const { min, max, minOpen = false, maxOpen = false } = bounds;
  const low = min === undefined ? '' : `${minOpen ? '>' : '>='} ${min}`;
  const high = max === undefined ? '' : `${maxOpen ? '<' : '<='} ${max}`;
  const error = `expected a finite number${low ? ` ${low}` : ''}${low && high ? ' and' : ''}${high ? ` ${high}` : ''}`;
  let schema = z.number({ error });
  if (min !== undefined) schema = minOpen ? schema.gt(min, { error }) : schema.gte(min, { error });
  if (max !== undefined) schema = maxOpen ? schema.lt(max, { error }) : schema.lte(max, { error });
  return schema.default(fallback);
}

/** A strict object schema: unknown keys are errors (a typo must not silently fall back to a default). */
export function configObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, { error: 'expected an object' });
}

/** ATR stop settings shared by the spot strategies: stopDistance = stopAtrMultiple × ATR(atrLookback). */
export const atrStopFields = {
  atrLookback: integerAtLeast(1, 14),
  stopAtrMultiple: numberBetween({ min: 0, minOpen: true }, 2),
};
