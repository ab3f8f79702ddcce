import { expect } from 'vitest';

/**
 * The determinism property of a pure function: called twice on `input`, and once on a structured
 * clone of it, `fn` gives deep-equal results.
 */
export function expectDeterministic<I, O>(fn: (input: I) => O, input: I): void {
  const first = fn(input);
  expect(fn(input)).toEqual(first);
  expect(fn(structuredClone(input))).toEqual(first);
}
