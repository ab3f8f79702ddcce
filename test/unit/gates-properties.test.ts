// Property tests of gate evaluation: it fails closed. Whatever the op and threshold, a gate on an
// undefined metric (NaN, ±Infinity, defined: false, missing) never passes; on a defined one it
// passes exactly when the comparison holds; and the run passes only if every gate does.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateGates } from '../../domain/gates/evaluate.js';
import { GATE_OPS, type GateSpec } from '../../domain/gates/gate-spec.js';
import { METRIC_NAMES, type MetricName } from '../../domain/metrics/metric-names.js';
import type { MetricValue } from '../../domain/metrics/metric-value.js';

const specArb: fc.Arbitrary<GateSpec> = fc.record({
  metric: fc.constantFrom(...METRIC_NAMES),
  op: fc.constantFrom(...GATE_OPS),
  threshold: fc.double({ noNaN: true, noDefaultInfinity: true }),
});

const undefinedValueArb: fc.Arbitrary<MetricValue | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record({
    value: fc.constantFrom(NaN, Infinity, -Infinity),
    defined: fc.boolean(),
    reason: fc.option(fc.string(), { nil: undefined }),
  }),
  fc.record({ value: fc.double({ noNaN: true }), defined: fc.constant(false), reason: fc.string() }),
);

describe('gate evaluation properties', () => {
  it('never passes a gate on an undefined metric', () => {
    fc.assert(
      fc.property(specArb, undefinedValueArb, (spec, measured) => {
        const values: Partial<Record<MetricName, MetricValue>> = measured ? { [spec.metric]: measured } : {};
        const evaluation = evaluateGates([spec], { values });
        expect(evaluation.result).toBe('FAIL');
        expect(evaluation.gates[0]!.result).toBe('FAIL');
        expect(evaluation.gates[0]!.value).toBeNull();
        expect(evaluation.gates[0]!.reason).toMatch(new RegExp(`^${spec.metric} is (undefined|missing)`));
      }),
    );
  });

  it('passes a defined metric exactly when the comparison holds', () => {
    fc.assert(
      fc.property(specArb, fc.double({ noNaN: true, noDefaultInfinity: true }), (spec, value) => {
        const holds = {
          '>=': value >= spec.threshold,
          '>': value > spec.threshold,
          '<=': value <= spec.threshold,
          '<': value < spec.threshold,
        }[spec.op];
        const evaluation = evaluateGates([spec], { values: { [spec.metric]: { value, defined: true } } });
        expect(evaluation.gates[0]!.result).toBe(holds ? 'PASS' : 'FAIL');
        expect(evaluation.gates[0]!.value).toBe(value);
      }),
    );
  });

  it('passes the run only when every gate passes', () => {
    fc.assert(
      fc.property(
        fc.array(specArb, { minLength: 1, maxLength: 8 }),
        fc.dictionary(fc.constantFrom(...METRIC_NAMES), fc.double({ min: -10, max: 10, noNaN: true })),
        (specs, raw) => {
          const values = Object.fromEntries(
            Object.entries(raw).map(([name, value]) => [name, { value, defined: true }]),
          );
          const evaluation = evaluateGates(specs, { values });
          expect(evaluation.result === 'PASS').toBe(evaluation.gates.every((gate) => gate.result === 'PASS'));
          expect(evaluation.gates).toHaveLength(specs.length);
        },
      ),
    );
  });
});
