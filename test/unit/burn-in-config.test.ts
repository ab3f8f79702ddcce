import { describe, expect, it } from 'vitest';
import { buildTruthReport } from '../../activities/burn-in/truth-report-builder.js';
import { planBurnIn } from '../../client/burn-in/plan-burn-in.js';
import {
  BurnInConfigError,
  parseBurnInConfig,
  parseStoredBurnInConfig,
  type BurnInConfigInput,
} from '../../contracts/burn-in/burn-in-config.js';
import { planExecution, planGateProfile, type BurnInPlan } from '../../contracts/burn-in/burn-in-plan.js';
import { AccountSpecSchema } from '../../contracts/venue-sim/account-spec.js';
import { DEFAULT_FEE_TIERS } from '../../domain/execution/fees.js';
import { GATE_PROFILES } from '../../domain/gates/defaults.js';
import type { DatasetManifest } from '../../domain/market-data/dataset-manifest.js';

const BASE: BurnInConfigInput = {
  account: 'bi-config-test',
  strategies: [{ name: 'donchian' }, { name: 'probabilityEdge' }],
};

const DATASET: DatasetManifest = {
  source: 'synthetic',
  seed: 42,
  symbols: ['BTCUSDT'],
  from: 0,
  to: 1,
  intervalMs: 3_600_000,
  rows: 2,
  contentHash: 'ab'.repeat(32),
  binaryMarkets: { count: 0, categories: [] },
  validation: [],
};

const report = (plan: BurnInPlan) =>
  buildTruthReport({
    plan,
    config: plan.config,
    dataset: DATASET,
    codeVersion: 'test',
    equity: [
      { time: plan.from, equity: 100_000 },
      { time: plan.from + 86_400_000, equity: 100_000 },
    ],
    trades: [],
    counts: { decisions: 0, orders: 0, denied: 0, filled: 0, settlements: 0, haltDenials: 0 },
    decisionPoints: { evaluated: 0, skipped: [] },
    finalStatus: 'FINISHED',
    statusReason: null,
  });

describe('burn-in config: gate profiles', () => {
  it('runs the default profile when neither gateProfile nor gates is given', () => {
    const config = parseBurnInConfig(BASE);
    expect(config.gateProfile).toBe('default');
    expect(config.gates).toEqual(GATE_PROFILES.default);
  });

  it('a named profile stands for its gates, and the report records its name', () => {
    const config = parseBurnInConfig({ ...BASE, gateProfile: 'predictionMarket' });
    expect(config.gateProfile).toBe('predictionMarket');
    expect(config.gates).toEqual(GATE_PROFILES.predictionMarket);
    const built = report(planBurnIn('r1', config));
    expect(built.gateProfile).toBe('predictionMarket');
    expect(built.gates.map((gate) => gate.name)).toEqual([
      'resolvedPositions >= 200',
      'marketCategories >= 3',
      'sharpePerTrade > 0.05',
      'brier < 0.25',
      'winRate > 0.52',
    ]);
  });

  it('gates written out are the custom profile, or the profile they equal', () => {
    const custom = parseBurnInConfig({
      ...BASE,
      gates: [{ metric: 'maxDrawdownPct', op: '<=', threshold: 0.5 }],
    });
    expect(custom.gateProfile).toBe('custom');
    const spelled = parseBurnInConfig({
      ...BASE,
      gates: GATE_PROFILES.predictionMarket.map((g) => ({ ...g })),
    });
    expect(spelled.gateProfile).toBe('predictionMarket');
  });

  it('refuses gates that contradict the named profile, and custom without gates', () => {
    expect(() =>
      parseBurnInConfig({
        ...BASE,
        gateProfile: 'predictionMarket',
        gates: [{ metric: 'winRate', op: '>', threshold: 0.1 }],
      }),
    ).toThrow(/gates: these gates are not the 'predictionMarket' profile's/);
    expect(() => parseBurnInConfig({ ...BASE, gateProfile: 'custom' })).toThrow(BurnInConfigError);
  });

  it('a parsed config parses again to itself', () => {
    for (const raw of [BASE, { ...BASE, gateProfile: 'predictionMarket' as const }]) {
      const once = parseBurnInConfig(raw);
      expect(parseBurnInConfig(once)).toEqual(once);
    }
  });

  it('refuses the old metric names in a new config, naming the new ones', () => {
    expect(() =>
      parseBurnInConfig({ ...BASE, gates: [{ metric: 'resolvedTrades', op: '>=', threshold: 20 }] }),
    ).toThrow(/resolvedTrades' was renamed: use 'roundTrips'/);
  });
});

describe('burn-in config and plan stored before the rename', () => {
  // A run's config as earlier versions stored it (burn_in_runs.config, the plan in a history).
  const legacyGates = [
    { metric: 'resolvedTrades', op: '>=', threshold: 20 },
    { metric: 'distinctCategories', op: '>=', threshold: 3 },
    { metric: 'sharpePerTrade', op: '>=', threshold: 0.05 },
    { metric: 'brier', op: '<=', threshold: 0.25 },
    { metric: 'winRate', op: '>=', threshold: 0.4 },
    { metric: 'maxDrawdownPct', op: '<=', threshold: 0.2 },
  ];
  const { gateProfile: _p, execution: _e, ...stored } = parseBurnInConfig(BASE);
  const legacy = { ...stored, gates: legacyGates };

  it('parses a stored config: old metric names read as new, the default profile recognised', () => {
    const config = parseStoredBurnInConfig(legacy);
    expect(config.gateProfile).toBe('default');
    expect(config.gates).toEqual(GATE_PROFILES.default);
    expect(config.execution).toEqual(parseBurnInConfig(BASE).execution);
  });

  it('reports an old plan with its gate profile and the models its account had', () => {
    const current = planBurnIn('r-old', parseBurnInConfig(BASE));
    const { models: _m, ...oldAccount } = current.simAccount;
    const old = { ...current, config: legacy, simAccount: oldAccount } as unknown as BurnInPlan;
    expect(planGateProfile(old)).toBe('default');
    expect(planExecution(old)).toEqual({
      latencyMs: 100,
      slippage: { kind: 'fixedBps', bps: 1 },
      participationRate: 0.1,
      feeTiers: DEFAULT_FEE_TIERS,
    });
    const built = report(old);
    expect(built.gateProfile).toBe('default');
    expect(built.gates.map((gate) => gate.metric)).toEqual(GATE_PROFILES.default.map((gate) => gate.metric));
  });
});

describe('burn-in config: execution models', () => {
  it('defaults to the simulator account defaults, so a run without them trades as before', () => {
    const config = parseBurnInConfig(BASE);
    expect(config.execution).toEqual({
      latencyMs: 100,
      slippage: { kind: 'fixedBps', bps: 1 },
      participationRate: 0.1,
      feeTiers: DEFAULT_FEE_TIERS,
    });
    const spec = planBurnIn('r2', config).simAccount;
    const { models: _models, ...withoutModels } = spec;
    const asBefore = AccountSpecSchema.parse(withoutModels).models;
    const now = AccountSpecSchema.parse(spec).models;
    expect({ ...now, feeTiers: undefined }).toEqual({ ...asBefore, feeTiers: undefined });
    // The simulator's own default when an account names none (venue-sim/fill-models.ts).
    expect(asBefore.feeTiers).toBeUndefined();
    expect(now.feeTiers).toEqual(DEFAULT_FEE_TIERS);
  });

  it("reaches the plan's simulator account, the config hash and the report's manifest", () => {
    const execution = {
      latencyMs: 750,
      slippage: { kind: 'fixedBps' as const, bps: 50 },
      participationRate: 0.02,
      feeTiers: [{ minQuoteVolume: 0, maker: 0.0002, taker: 0.0005 }],
    };
    const config = parseBurnInConfig({ ...BASE, execution });
    const plan = planBurnIn('r3', config);
    expect(AccountSpecSchema.parse(plan.simAccount).models).toEqual(execution);
    expect(plan.configHash).not.toBe(planBurnIn('r3', parseBurnInConfig(BASE)).configHash);
    const built = report(plan);
    expect(built.execution).toEqual(execution);
    expect((built.strategy.config as { execution: unknown }).execution).toEqual(execution);
  });

  it('fills the models a config leaves out with the defaults', () => {
    const config = parseBurnInConfig({
      ...BASE,
      execution: { slippage: { kind: 'sqrtImpact', y: 0.8, lookbackBars: 48 } },
    });
    expect(config.execution).toMatchObject({
      latencyMs: 100,
      participationRate: 0.1,
      feeTiers: DEFAULT_FEE_TIERS,
    });
    expect(AccountSpecSchema.parse(planBurnIn('r4', config).simAccount).models.slippage).toEqual({
      kind: 'sqrtImpact',
      y: 0.8,
      lookbackBars: 48,
    });
  });

  it('refuses an unknown model or out-of-range value, naming the field', () => {
    expect(() => parseBurnInConfig({ ...BASE, execution: { latencyMs: -1 } })).toThrow(
      /execution\.latencyMs/,
    );
    expect(() => parseBurnInConfig({ ...BASE, execution: { fillModel: 'magic' } })).toThrow(
      BurnInConfigError,
    );
  });
});
