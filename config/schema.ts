import { z } from 'zod';
import { FaultRuleSchema } from '../domain/execution/faults.js';
import { RiskConfigSchema } from './risk-schema.js';
import { ACCOUNT_NAME_PATTERN, ACCOUNT_NAME_RULE } from '../domain/account-name.js';

export const PROFILES = ['paper', 'canary', 'production'] as const;
export type ProfileName = (typeof PROFILES)[number];

export const VENUE_KINDS = ['simulator', 'binance'] as const;

const port = z.number().int().min(1).max(65535);

/**
 * The resolved configuration of one Keel process. Profiles (config/profiles/*.json) supply the
 * non-secret part; the environment supplies overrides and every secret. `describe()` texts feed the
 * configuration reference, docs/configuration.md (`npm run docs:config`).
 */
export const KeelConfigSchema = z
  .object({
    profile: z
      .enum(PROFILES)
      .describe(
        'Named profile: paper (simulator), canary (small live), production. Chosen with --profile or KEEL_PROFILE.',
      ),
    dataDir: z
      .string()
      .min(1)
      .describe('Directory for the embedded stack (Temporal SQLite, PostgreSQL, logs, pids).'),
    temporal: z
      .object({
        address: z.string().min(1).describe('Temporal frontend host:port (TEMPORAL_ADDRESS).'),
        namespace: z.string().min(1).describe('Temporal namespace (TEMPORAL_NAMESPACE).'),
        uiUrl: z.string().url().describe('Base URL of the Temporal Web UI, used to print links.'),
      })
      .strict(),
    database: z
      .object({
        url: z.string().min(1).describe('PostgreSQL connection URL (DATABASE_URL); secret-bearing.'),
        explicit: z
          .boolean()
          .describe('True when DATABASE_URL came from the environment, not the embedded default.'),
      })
      .strict(),
    stack: z
      .object({
        bindHost: z.string().min(1).describe('Address the embedded servers listen on.'),
        temporalPort: port.describe('Embedded Temporal gRPC port (KEEL_TEMPORAL_PORT).'),
        temporalUiPort: port.describe('Embedded Temporal Web UI port (KEEL_TEMPORAL_UI_PORT).'),
        postgresPort: port.describe('Embedded PostgreSQL port (KEEL_POSTGRES_PORT).'),
        ui: z.boolean().describe('Serve the Temporal Web UI (false with --headless / KEEL_HEADLESS=true).'),
      })
      .strict(),
    worker: z
      .object({
        taskQueues: z
          .array(z.string().min(1))
          .min(1)
          .describe('Task queues this worker polls (KEEL_TASK_QUEUES).'),
        shutdownGraceMs: z
          .number()
          .int()
          .min(0)
          .max(600_000)
          .describe('How long in-flight activities may run after SIGTERM (KEEL_SHUTDOWN_GRACE_MS).'),
        healthPort: z
          .number()
          .int()
          .min(0)
          .max(65535)
          .describe('Port of the /healthz endpoint; 0 picks a free port (KEEL_HEALTH_PORT).'),
      })
      .strict(),
    venue: z
      .object({
        kind: z.enum(VENUE_KINDS).describe('simulator (paper) or a live exchange through ccxt (KEEL_VENUE).'),
        baseUrl: z.string().url().optional().describe('Venue REST base URL override (KEEL_VENUE_BASE_URL).'),
        apiKey: z
          .string()
          .min(1)
          .optional()
          .describe('Venue API key; environment only (KEEL_VENUE_API_KEY).'),
        apiSecret: z
          .string()
          .min(1)
          .optional()
          .describe('Venue API secret; environment only (KEEL_VENUE_API_SECRET).'),
        recvWindowMs: z
          .number()
          .int()
          .min(1)
          .max(15_000)
          .describe(
            "How long the venue may accept a signed request after its timestamp (KEEL_VENUE_RECV_WINDOW_MS; Binance's " +
              'recvWindow). At most 15 s, so that a look-up waiting out the window fits in its 20 s step. A submission whose outcome is unknown is declared not at the venue only ' +
              'after this window and 1 s more have passed (docs/exactly-once.md).',
          ),
        requestTimeoutMs: z
          .number()
          .int()
          .min(500)
          .max(10_000)
          .describe(
            'How long a venue request may take before its outcome is unknown (KEEL_VENUE_REQUEST_TIMEOUT_MS); ' +
              'at most 10 s, so the two venue calls of a submission fit in its 20 s. A submission that times ' +
              'out is looked up, not re-sent.',
          ),
      })
      .strict(),
    trading: z
      .object({
        liveTrading: z
          .enum(['disabled', 'enabled'])
          .describe('Must be "enabled" (KEEL_LIVE_TRADING=enabled) before any live venue is used.'),
      })
      .strict(),
    alerts: z
      .object({
        webhookUrl: z
          .string()
          .url()
          .optional()
          .describe('Webhook receiving alerts as JSON; environment only (KEEL_ALERT_WEBHOOK_URL).'),
      })
      .strict(),
    risk: RiskConfigSchema,
    reconcile: z
      .object({
        accounts: z
          .array(z.string().min(1))
          .describe(
            "Accounts a worker reconciles at start and on the Schedule; empty: the profile's account (KEEL_RECONCILE_ACCOUNTS).",
          ),
        intervalMinutes: z
          .number()
          .min(1)
          .max(1_440)
          .describe(
            'How often the reconciliation Schedule runs per account (KEEL_RECONCILE_INTERVAL_MINUTES).',
          ),
        fillsLookbackHours: z
          .number()
          .positive()
          .max(24 * 90)
          .describe('Venue and ledger fills compared: those of the last N hours.'),
        adoptKeelOrders: z
          .boolean()
          .describe(
            "Adopt an order open at the venue but unknown to the ledger when its client order id is Keel's, instead of cancelling it (KEEL_RECONCILE_ADOPT_KEEL_ORDERS).",
          ),
        balanceTolerance: z
          .object({
            absolute: z
              .number()
              .min(0)
              .describe('Balance difference, in units of the asset, that is always rounding (the floor).'),
            relative: z
              .number()
              .min(0)
              .describe('Share of the expected balance that is rounding, when above the absolute floor.'),
          })
          .strict()
          .describe('Balance differences up to max(absolute, relative × expected) are rounding, not drift.'),
        balanceCriticalRelative: z
          .number()
          .min(0)
          .describe(
            'A balance difference above this share of the expected balance is critical (halts the desk).',
          ),
      })
      .strict(),
    simulator: z
      .object({
        port: port.describe(
          'Port of the venue simulator (KEEL_SIM_PORT); venue.baseUrl points at it for the simulator venue.',
        ),
        account: z
          .object({
            name: z
              .string()
              .regex(ACCOUNT_NAME_PATTERN, ACCOUNT_NAME_RULE)
              .describe('The simulated account the profile trades (paper).'),
            symbols: z.array(z.string().min(1)).min(1).describe('Instruments of the account.'),
            startingBalances: z
              .record(z.string(), z.number().min(0))
              .describe('Balances at creation, by asset.'),
            seed: z.number().int().describe('Seed of the synthetic market data.'),
            startTime: z.string().datetime().describe('Market time of the first bar (ISO-8601).'),
            intervalMs: z.number().int().min(1_000).describe('Bar interval of the synthetic data.'),
            days: z.number().min(1).max(400).describe('Length of the synthetic data.'),
            clock: z
              .enum(['realtime', 'driven'])
              .describe(
                'realtime: market time runs with the wall clock × speed; driven: moved by the admin API.',
              ),
            speed: z.number().positive().describe('Market-time speed of a realtime clock (1 = real time).'),
          })
          .strict()
          .describe(
            "The simulated account and its synthetic market data; its name is the profile's account.",
          ),
        faults: z
          .array(FaultRuleSchema)
          .describe(
            "Fault-injection rules active from the simulator's start (same shape as POST /sim/faults).",
          ),
      })
      .strict(),
    export: z
      .object({
        publishRoot: z
          .string()
          .min(1)
          .describe(
            'Directory packages are published under, as <publishRoot>/<account>/<date>/ (KEEL_EXPORT_PUBLISH_ROOT; default <dataDir>/published).',
          ),
        accounts: z
          .array(z.string().min(1))
          .describe("Accounts exported daily; empty: the profile's account (KEEL_EXPORT_ACCOUNTS)."),
        at: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour, UTC)')
          .describe("UTC time of day the Schedule exports the previous day's package (KEEL_EXPORT_AT)."),
        catchupWindowHours: z
          .number()
          .min(1)
          .max(24 * 30)
          .describe('How long after a missed fire time (server down) the Schedule still runs it.'),
        retentionDays: z
          .number()
          .int()
          .min(1)
          .max(3_650)
          .describe(
            "Packages more than N days older than the account's newest package are removed, when complete and verified (KEEL_EXPORT_RETENTION_DAYS).",
          ),
        webhookUrl: z
          .string()
          .url()
          .optional()
          .describe('Webhook told of every published package; environment only (KEEL_EXPORT_WEBHOOK_URL).'),
        health: z
          .object({
            lateAfterMinutes: z
              .number()
              .min(0)
              .max(24 * 60)
              .describe("Grace after the Schedule's time before a day's package is late or missing."),
            lookbackDays: z
              .number()
              .int()
              .min(1)
              .max(366)
              .describe('Days (ending yesterday) the delivery-health check looks at.'),
            intervalMinutes: z
              .number()
              .min(1)
              .max(1_440)
              .describe('How often the delivery-health Schedule runs.'),
            baselineDays: z
              .number()
              .int()
              .min(1)
              .max(90)
              .describe('Rolling baseline of the schema-failure rate: the previous N days.'),
            spikeFactor: z
              .number()
              .min(1)
              .describe('A schema-failure rate above baseline × this factor is a spike.'),
            minSpikeRate: z
              .number()
              .min(0)
              .max(1)
              .describe('Rates below this share of decisions are never a spike.'),
            minDecisions: z.number().int().min(0).describe('Days with fewer decisions are never a spike.'),
          })
          .strict()
          .describe('The delivery-health check: late or missing packages, and schema-failure spikes.'),
      })
      .strict(),
    logging: z
      .object({
        level: z
          .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'])
          .describe('pino log level (KEEL_LOG_LEVEL).'),
      })
      .strict(),
  })
  .strict();

export type KeelConfig = z.infer<typeof KeelConfigSchema>;

/** Fields that hold secrets: never accepted from a profile file, always redacted in output. */
export const SECRET_FIELDS = [
  { path: 'venue.apiKey', envVar: 'KEEL_VENUE_API_KEY' },
  { path: 'venue.apiSecret', envVar: 'KEEL_VENUE_API_SECRET' },
  { path: 'alerts.webhookUrl', envVar: 'KEEL_ALERT_WEBHOOK_URL' },
  { path: 'database.url', envVar: 'DATABASE_URL' },
  { path: 'export.webhookUrl', envVar: 'KEEL_EXPORT_WEBHOOK_URL' },
] as const;
