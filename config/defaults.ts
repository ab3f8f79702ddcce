import { ALL_TASK_QUEUES } from '../workers/task-queues.js';

/**
 * Values every profile starts from. Profiles override what differs; the environment overrides
 * both; derived values (addresses, URLs) are filled in after the merge.
 */
export const CONFIG_DEFAULTS = {
  dataDir: '.keel',
  temporal: { namespace: 'default' },
  stack: { bindHost: '127.0.0.1', temporalPort: 7233, temporalUiPort: 8233, postgresPort: 5433, ui: true },
  worker: { taskQueues: [...ALL_TASK_QUEUES], shutdownGraceMs: 30_000, healthPort: 8090 },
  venue: { kind: 'simulator' },
  trading: { liveTrading: 'disabled' },
  alerts: {},
  logging: { level: 'info' },
} as const;

/** The embedded dev PostgreSQL: loopback only, so a fixed role is enough. Production sets DATABASE_URL. */
export const EMBEDDED_DB = { user: 'keel', password: 'keel', database: 'keel' } as const;
