import { ALL_TASK_QUEUES } from '../contracts/task-queues.js';

/**
 * Values every profile starts from. Profiles override what differs; the environment overrides
 * both; derived values (addresses, URLs) are filled in after the merge.
 */
export const CONFIG_DEFAULTS = {
  dataDir: '.keel',
  temporal: { namespace: 'default' },
  stack: { bindHost: '127.0.0.1', temporalPort: 7233, temporalUiPort: 8233, postgresPort: 5433, ui: true },
  worker: { taskQueues: [...ALL_TASK_QUEUES], shutdownGraceMs: 30_000, healthPort: 8090 },
  venue: { kind: 'simulator', recvWindowMs: 5_000, requestTimeoutMs: 10_000 },
  trading: { liveTrading: 'disabled' },
  alerts: {},
  // No limits here: a profile (or the environment) must set each one, or the gate blocks (fail closed).
  risk: {
    limits: {},
    duplicateWindowSeconds: 30,
    breakers: { maxErrorsPerMinute: 20, checkIntervalSeconds: 5 },
  },
  reconcile: {
    accounts: [],
    intervalMinutes: 5,
    fillsLookbackHours: 72,
    adoptKeelOrders: false,
    balanceTolerance: { absolute: 1e-8, relative: 1e-9 },
    balanceCriticalRelative: 0.001,
  },
  simulator: {
    port: 8091,
    account: {
      name: 'paper',
      symbols: ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'],
      startingBalances: { USDT: 100_000 },
      seed: 42,
      startTime: '2026-01-01T00:00:00.000Z',
      intervalMs: 60_000,
      days: 60,
      clock: 'realtime',
      speed: 1,
    },
    faults: [],
  },
  export: {
    accounts: [],
    at: '00:30',
    catchupWindowHours: 72,
    retentionDays: 90,
    health: {
      lateAfterMinutes: 120,
      lookbackDays: 7,
      intervalMinutes: 60,
      baselineDays: 7,
      spikeFactor: 3,
      minSpikeRate: 0.05,
      minDecisions: 20,
    },
  },
  logging: { level: 'info' },
} as const;

/**
 * Credentials of the simulator's accounts when the environment gives none. They open a local
 * simulator only — never a real exchange — so they are development values, not secrets.
 */
export function simulatorCredentials(account: string): { apiKey: string; apiSecret: string } {
  return { apiKey: `keel-sim-${account}-key`, apiSecret: `keel-sim-${account}-secret` };
}

/** The embedded dev PostgreSQL: loopback only, so a fixed role is enough. Production sets DATABASE_URL. */
export const EMBEDDED_DB = { user: 'keel', password: 'keel', database: 'keel' } as const;
