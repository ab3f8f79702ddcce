import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BURN_IN_GATES,
  GATE_PROFILE_NAMES,
  GATE_PROFILES,
  profileOfGates,
} from '../../domain/gates/defaults.js';
import { evaluateGates } from '../../domain/gates/evaluate.js';
import {
  GateSpecSchema,
  GateSpecsSchema,
  gateName,
  parseStoredGateSpec,
  type GateSpec,
} from '../../domain/gates/gate-spec.js';
import type { MetricName } from '../../domain/metrics/metric-names.js';
import type { MetricValue } from '../../domain/metrics/metric-value.js';
import { computeRunMetrics } from '../../domain/metrics/run-metrics.js';

const run = (values: Partial<Record<MetricName, MetricValue>>) => ({ values });
const defined = (value: number): MetricValue => ({ value, defined: true });

describe('GateSpecSchema', () => {
  it('accepts a spec and names it after its comparison by default', () => {
    const spec = GateSpecSchema.parse({ metric: 'sharpePerTrade', op: '>=', threshold: 0.05 });
    expect(gateName(spec)).toBe('sharpePerTrade >= 0.05');
    expect(gateName({ ...spec, name: 'edge' })).toBe('edge');
  });

  it.each([
    ['an unknown metric', { metric: 'alpha', op: '>=', threshold: 1 }],
    ['an unknown op', { metric: 'brier', op: '==', threshold: 1 }],
    ['a NaN threshold', { metric: 'brier', op: '<=', threshold: NaN }],
    ['an infinite threshold', { metric: 'brier', op: '<=', threshold: Infinity }],
    ['an unknown key', { metric: 'brier', op: '<=', threshold: 0.2, severity: 'high' }],
    ['an empty name', { name: '', metric: 'brier', op: '<=', threshold: 0.2 }],
  ])('rejects %s', (_label, spec) => {
    expect(GateSpecSchema.safeParse(spec).success).toBe(false);
  });

  it.each([
    ['resolvedTrades', 'roundTrips'],
    ['distinctCategories', 'marketCategories'],
  ])('refuses the renamed metric %s in a new spec, naming %s', (legacy, renamed) => {
    const parsed = GateSpecSchema.safeParse({ metric: legacy, op: '>=', threshold: 1 });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]!.message).toContain(`use '${renamed}'`);
  });

  it('reads a stored spec under a legacy metric name as its new name', () => {
    expect(parseStoredGateSpec({ metric: 'resolvedTrades', op: '>=', threshold: 20 })).toEqual({
      metric: 'roundTrips',
      op: '>=',
      threshold: 20,
    });
    expect(parseStoredGateSpec({ metric: 'distinctCategories', op: '>=', threshold: 3 })).toMatchObject({
      metric: 'marketCategories',
    });
    expect(() => parseStoredGateSpec({ metric: 'alpha', op: '>=', threshold: 1 })).toThrow();
  });

  it('requires at least one spec in a list', () => {
    expect(GateSpecsSchema.safeParse([]).success).toBe(false);
    expect(GateSpecsSchema.safeParse([...DEFAULT_BURN_IN_GATES]).success).toBe(true);
  });
});

describe('evaluateGates comparisons at and around the threshold', () => {
  const cases: [GateSpec['op'], number, 'PASS' | 'FAIL'][] = [
    ['>=', 0.49, 'FAIL'],
    ['>=', 0.5, 'PASS'],
    ['>=', 0.51, 'PASS'],
    ['>', 0.49, 'FAIL'],
    ['>', 0.5, 'FAIL'],
    ['>', 0.51, 'PASS'],
    ['<=', 0.49, 'PASS'],
    ['<=', 0.5, 'PASS'],
    ['<=', 0.51, 'FAIL'],
    ['<', 0.49, 'PASS'],
    ['<', 0.5, 'FAIL'],
    ['<', 0.51, 'FAIL'],
  ];
  it.each(cases)('winRate %s 0.5 with value %s is %s', (op, value, result) => {
    const evaluation = evaluateGates(
      [{ metric: 'winRate', op, threshold: 0.5 }],
      run({ winRate: defined(value) }),
    );
    expect(evaluation.result).toBe(result);
    expect(evaluation.gates[0]).toMatchObject({
      name: `winRate ${op} 0.5`,
      metric: 'winRate',
      value,
      op,
      result,
    });
    if (result === 'FAIL') expect(evaluation.gates[0]!.reason).toBe(`winRate = ${value} is not ${op} 0.5`);
    else expect(evaluation.gates[0]!.reason).toBeUndefined();
  });
});

describe('evaluateGates on undefined metrics', () => {
  const spec: GateSpec = { metric: 'sharpePerTrade', op: '>=', threshold: 0.05 };

  it('fails an undefined metric with its reason and a null value', () => {
    const evaluation = evaluateGates(
      [spec],
      run({ sharpePerTrade: { value: NaN, defined: false, reason: 'fewer than 2 trades' } }),
    );
    expect(evaluation.result).toBe('FAIL');
    expect(evaluation.gates[0]).toMatchObject({
      value: null,
      result: 'FAIL',
      reason: 'sharpePerTrade is undefined: fewer than 2 trades',
    });
  });

  it('fails NaN or infinite values even when marked defined', () => {
    for (const value of [NaN, Infinity, -Infinity]) {
      const evaluation = evaluateGates([spec], run({ sharpePerTrade: defined(value) }));
      expect(evaluation.gates[0]).toMatchObject({ value: null, result: 'FAIL' });
      expect(evaluation.gates[0]!.reason).toMatch(
        /^sharpePerTrade is undefined: value .* is not a finite number$/,
      );
    }
  });

  it('fails a metric missing from the run', () => {
    const evaluation = evaluateGates([spec], run({}));
    expect(evaluation.gates[0]).toMatchObject({
      value: null,
      result: 'FAIL',
      reason: 'sharpePerTrade is missing from the run metrics',
    });
  });
});

describe('evaluateGates overall result', () => {
  it('passes only when every gate passes', () => {
    const specs: GateSpec[] = [
      { metric: 'winRate', op: '>=', threshold: 0.4 },
      { name: 'calibrated', metric: 'brier', op: '<=', threshold: 0.25 },
    ];
    expect(evaluateGates(specs, run({ winRate: defined(0.5), brier: defined(0.2) })).result).toBe('PASS');
    const failing = evaluateGates(specs, run({ winRate: defined(0.5), brier: defined(0.3) }));
    expect(failing.result).toBe('FAIL');
    expect(failing.gates.map((gate) => [gate.name, gate.result])).toEqual([
      ['winRate >= 0.4', 'PASS'],
      ['calibrated', 'FAIL'],
    ]);
  });

  it('fails with no gates configured', () => {
    expect(evaluateGates([], run({ winRate: defined(1) }))).toEqual({
      result: 'FAIL',
      gates: [],
      reason: 'no gates configured',
    });
  });

  it('evaluates a stored spec under a legacy metric name (a plan from before the rename)', () => {
    const legacy = { metric: 'resolvedTrades', op: '>=', threshold: 2 } as unknown as GateSpec;
    expect(evaluateGates([legacy], run({ roundTrips: defined(3) })).gates[0]).toMatchObject({
      name: 'roundTrips >= 2',
      metric: 'roundTrips',
      result: 'PASS',
    });
  });

  it('throws on a spec that bypassed the types', () => {
    const bad = { metric: 'alpha', op: '>=', threshold: 1 } as unknown as GateSpec;
    expect(() => evaluateGates([bad], run({}))).toThrow();
  });
});

describe('DEFAULT_BURN_IN_GATES', () => {
  it('fails a degenerate run (no trades, flat equity, no forecasts) with reasons', () => {
    const metrics = computeRunMetrics({
      equity: [100, 100, 100].map((equity, time) => ({ time, equity })),
      periodsPerYear: 365,
      trades: [],
      forecasts: [],
    });
    const evaluation = evaluateGates(DEFAULT_BURN_IN_GATES, metrics);
    expect(evaluation.result).toBe('FAIL');
    expect(evaluation.gates.map((gate) => [gate.name, gate.result, gate.reason])).toEqual([
      ['roundTrips >= 20', 'FAIL', 'roundTrips = 0 is not >= 20'],
      ['marketCategories >= 3', 'FAIL', 'marketCategories = 0 is not >= 3'],
      ['sharpePerTrade >= 0.05', 'FAIL', 'sharpePerTrade is undefined: fewer than 2 trades'],
      ['brier <= 0.25', 'FAIL', 'brier is undefined: no forecasts'],
      ['winRate >= 0.4', 'FAIL', 'winRate is undefined: no trades'],
      ['maxDrawdownPct <= 0.2', 'PASS', undefined],
    ]);
  });

  it('passes a healthy run', () => {
    const categories = ['crypto', 'rates', 'fx'];
    const trades = Array.from({ length: 30 }, (_, i) => {
      const win = i % 3 !== 0; // 20 wins of +0.02, 10 losses of −0.01
      return {
        netPnl: win ? 20 : -10,
        fees: 1,
        returnPct: win ? 0.02 : -0.01,
        strategy: 'momentum',
        category: categories[i % 3]!,
        regime: {},
        resolved: true,
      };
    });
    const forecasts = trades.map(
      (t) => ({ probability: t.netPnl > 0 ? 0.7 : 0.3, outcome: t.netPnl > 0 ? 1 : 0 }) as const,
    );
    const equity = [1000, 1010, 1005, 1030, 1040].map((value, time) => ({ time, equity: value }));
    const evaluation = evaluateGates(
      DEFAULT_BURN_IN_GATES,
      computeRunMetrics({ equity, periodsPerYear: 365, trades, forecasts }),
    );
    expect(evaluation.gates.filter((gate) => gate.result === 'FAIL')).toEqual([]);
    expect(evaluation.result).toBe('PASS');
  });
});

describe('gate profiles', () => {
  it('every profile is a valid list of specs, and names itself', () => {
    for (const name of GATE_PROFILE_NAMES) {
      expect(GateSpecsSchema.safeParse([...GATE_PROFILES[name]]).success).toBe(true);
      expect(profileOfGates(GATE_PROFILES[name].map((gate) => ({ ...gate })))).toBe(name);
    }
    expect(DEFAULT_BURN_IN_GATES).toBe(GATE_PROFILES.default);
    expect(profileOfGates([{ metric: 'winRate', op: '>', threshold: 0.6 }])).toBe('custom');
  });

  it('predictionMarket: ≥ 200 resolved positions over ≥ 3 market categories, Sharpe per trade > 0.05, Brier < 0.25, win rate > 0.52', () => {
    expect(GATE_PROFILES.predictionMarket.map(gateName)).toEqual([
      'resolvedPositions >= 200',
      'marketCategories >= 3',
      'sharpePerTrade > 0.05',
      'brier < 0.25',
      'winRate > 0.52',
    ]);
  });

  it('predictionMarket fails at the thresholds (strict) and passes just beyond them', () => {
    const at = {
      resolvedPositions: defined(200),
      marketCategories: defined(3),
      sharpePerTrade: defined(0.05),
      brier: defined(0.25),
      winRate: defined(0.52),
    };
    const atThresholds = evaluateGates(GATE_PROFILES.predictionMarket, run(at));
    expect(atThresholds.gates.map((gate) => gate.result)).toEqual(['PASS', 'PASS', 'FAIL', 'FAIL', 'FAIL']);
    const beyond = {
      ...at,
      sharpePerTrade: defined(0.0501),
      brier: defined(0.2499),
      winRate: defined(0.5201),
    };
    expect(evaluateGates(GATE_PROFILES.predictionMarket, run(beyond)).result).toBe('PASS');
    const fewResolved = evaluateGates(
      GATE_PROFILES.predictionMarket,
      run({ ...beyond, resolvedPositions: defined(199), roundTrips: defined(5000) }),
    );
    expect(fewResolved.result).toBe('FAIL');
    expect(fewResolved.gates[0]!.reason).toBe('resolvedPositions = 199 is not >= 200');
  });

  it('spot round trips count as round trips, never as resolved positions or market categories', () => {
    const spot = Array.from({ length: 300 }, (_, i) => ({
      netPnl: i % 2 ? 2 : -1,
      fees: 0,
      returnPct: i % 2 ? 0.02 : -0.01,
      strategy: 'trend',
      category: 'spot',
      regime: {},
    }));
    const metrics = computeRunMetrics({ equity: [], periodsPerYear: 365, trades: spot, forecasts: [] });
    expect(metrics.values.roundTrips.value).toBe(300);
    const evaluation = evaluateGates(GATE_PROFILES.predictionMarket, metrics);
    expect(evaluation.gates.slice(0, 2).map((gate) => [gate.name, gate.result, gate.value])).toEqual([
      ['resolvedPositions >= 200', 'FAIL', 0],
      ['marketCategories >= 3', 'FAIL', 0],
    ]);
  });
});
