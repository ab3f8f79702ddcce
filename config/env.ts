import { RISK_LIMITS } from './risk-schema.js';
import type { ConfigIssue } from './errors.js';

type EnvParser = (raw: string) => { ok: true; value: unknown } | { ok: false; expected: string };

const text: EnvParser = (raw) =>
  raw.length > 0 ? { ok: true, value: raw } : { ok: false, expected: 'a non-empty value' };

const integer =
  (min: number, max: number): EnvParser =>
  (raw) => {
    const value = Number(raw);
    return /^\d+$/.test(raw) && value >= min && value <= max
      ? { ok: true, value }
      : { ok: false, expected: `an integer from ${min} to ${max}` };
  };

const nonNegativeNumber: EnvParser = (raw) =>
  /^\d+(\.\d+)?$/.test(raw) ? { ok: true, value: Number(raw) } : { ok: false, expected: 'a number >= 0' };

const numberOrUnlimited: EnvParser = (raw) =>
  raw === 'unlimited'
    ? { ok: true, value: raw }
    : /^\d+(\.\d+)?$/.test(raw)
      ? { ok: true, value: Number(raw) }
      : { ok: false, expected: 'a number >= 0 or "unlimited"' };

const boolean: EnvParser = (raw) =>
  ['true', '1', 'yes'].includes(raw.toLowerCase())
    ? { ok: true, value: true }
    : ['false', '0', 'no'].includes(raw.toLowerCase())
      ? { ok: true, value: false }
      : { ok: false, expected: 'true or false' };

const list: EnvParser = (raw) => {
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  return items.length > 0 ? { ok: true, value: items } : { ok: false, expected: 'a comma-separated list' };
};

interface EnvBinding {
  envVar: string;
  path: string;
  parse: EnvParser;
  /** Applied to the parsed value before it lands at `path` (e.g. "headless" inverts "ui"). */
  map?: (value: unknown) => unknown;
}

/** Every environment variable Keel reads, and where it lands in the configuration. */
export const ENV_BINDINGS: readonly EnvBinding[] = [
  { envVar: 'KEEL_DATA_DIR', path: 'dataDir', parse: text },
  { envVar: 'DATABASE_URL', path: 'database.url', parse: text },
  { envVar: 'TEMPORAL_ADDRESS', path: 'temporal.address', parse: text },
  { envVar: 'TEMPORAL_NAMESPACE', path: 'temporal.namespace', parse: text },
  { envVar: 'KEEL_TEMPORAL_UI_URL', path: 'temporal.uiUrl', parse: text },
  { envVar: 'KEEL_BIND_HOST', path: 'stack.bindHost', parse: text },
  { envVar: 'KEEL_TEMPORAL_PORT', path: 'stack.temporalPort', parse: integer(1, 65535) },
  { envVar: 'KEEL_TEMPORAL_UI_PORT', path: 'stack.temporalUiPort', parse: integer(1, 65535) },
  { envVar: 'KEEL_POSTGRES_PORT', path: 'stack.postgresPort', parse: integer(1, 65535) },
  { envVar: 'KEEL_HEADLESS', path: 'stack.ui', parse: boolean, map: (headless) => !headless },
  { envVar: 'KEEL_TASK_QUEUES', path: 'worker.taskQueues', parse: list },
  { envVar: 'KEEL_SHUTDOWN_GRACE_MS', path: 'worker.shutdownGraceMs', parse: integer(0, 600_000) },
  { envVar: 'KEEL_HEALTH_PORT', path: 'worker.healthPort', parse: integer(0, 65535) },
  { envVar: 'KEEL_VENUE', path: 'venue.kind', parse: text },
  { envVar: 'KEEL_VENUE_BASE_URL', path: 'venue.baseUrl', parse: text },
  { envVar: 'KEEL_VENUE_RECV_WINDOW_MS', path: 'venue.recvWindowMs', parse: integer(1, 15_000) },
  {
    envVar: 'KEEL_VENUE_REQUEST_TIMEOUT_MS',
    path: 'venue.requestTimeoutMs',
    parse: integer(500, 10_000),
  },
  { envVar: 'KEEL_VENUE_API_KEY', path: 'venue.apiKey', parse: text },
  { envVar: 'KEEL_VENUE_API_SECRET', path: 'venue.apiSecret', parse: text },
  { envVar: 'KEEL_LIVE_TRADING', path: 'trading.liveTrading', parse: text },
  { envVar: 'KEEL_ALERT_WEBHOOK_URL', path: 'alerts.webhookUrl', parse: text },
  { envVar: 'KEEL_LOG_LEVEL', path: 'logging.level', parse: text },
  {
    envVar: 'KEEL_RECONCILE_INTERVAL_MINUTES',
    path: 'reconcile.intervalMinutes',
    parse: nonNegativeNumber,
  },
  { envVar: 'KEEL_RECONCILE_ACCOUNTS', path: 'reconcile.accounts', parse: list },
  { envVar: 'KEEL_RECONCILE_ADOPT_KEEL_ORDERS', path: 'reconcile.adoptKeelOrders', parse: boolean },
  { envVar: 'KEEL_EXPORT_PUBLISH_ROOT', path: 'export.publishRoot', parse: text },
  { envVar: 'KEEL_EXPORT_ACCOUNTS', path: 'export.accounts', parse: list },
  { envVar: 'KEEL_EXPORT_AT', path: 'export.at', parse: text },
  { envVar: 'KEEL_EXPORT_RETENTION_DAYS', path: 'export.retentionDays', parse: integer(1, 3_650) },
  { envVar: 'KEEL_EXPORT_WEBHOOK_URL', path: 'export.webhookUrl', parse: text },
  { envVar: 'KEEL_SIM_PORT', path: 'simulator.port', parse: integer(1, 65535) },
  ...RISK_LIMITS.map(([name, envVar]) => ({
    envVar,
    path: `risk.limits.${name}`,
    parse: numberOrUnlimited,
  })),
  { envVar: 'KEEL_RISK_STARTING_EQUITY', path: 'risk.startingEquity', parse: nonNegativeNumber },
  {
    envVar: 'KEEL_RISK_DUPLICATE_WINDOW_SECONDS',
    path: 'risk.duplicateWindowSeconds',
    parse: nonNegativeNumber,
  },
  {
    envVar: 'KEEL_RISK_MAX_ERRORS_PER_MINUTE',
    path: 'risk.breakers.maxErrorsPerMinute',
    parse: numberOrUnlimited,
  },
  {
    envVar: 'KEEL_RISK_DRAWDOWN_RESUME_PCT',
    path: 'risk.breakers.drawdownResumePct',
    parse: nonNegativeNumber,
  },
  {
    envVar: 'KEEL_RISK_CHECK_INTERVAL_SECONDS',
    path: 'risk.breakers.checkIntervalSeconds',
    parse: nonNegativeNumber,
  },
];

/** KEEL_* variables that select rather than configure, read elsewhere. */
export const NON_CONFIG_KEEL_VARS = new Set(['KEEL_PROFILE', 'KEEL_SESSION_KIND']);

export function envVarFor(path: string): string | undefined {
  return ENV_BINDINGS.find((binding) => binding.path === path)?.envVar;
}

/**
 * Reads the environment into a nested partial configuration. Unknown KEEL_* variables are an
 * error: a typo in a risk-relevant knob must not be silently ignored.
 */
export function readEnvOverrides(env: NodeJS.ProcessEnv): {
  overrides: Record<string, unknown>;
  issues: ConfigIssue[];
} {
  const overrides: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  for (const binding of ENV_BINDINGS) {
    const raw = env[binding.envVar];
    if (raw === undefined) continue;
    const parsed = binding.parse(raw.trim());
    if (!parsed.ok) {
      issues.push({
        field: binding.path,
        message: `${binding.envVar} must be ${parsed.expected}`,
        fix: `set ${binding.envVar} to ${parsed.expected}, or unset it to use the profile's value`,
      });
      continue;
    }
    setPath(overrides, binding.path, binding.map ? binding.map(parsed.value) : parsed.value);
  }
  const known = new Set(ENV_BINDINGS.map((binding) => binding.envVar));
  for (const name of Object.keys(env)) {
    if (name.startsWith('KEEL_') && !known.has(name) && !NON_CONFIG_KEEL_VARS.has(name)) {
      issues.push({
        field: name,
        message: `unknown environment variable ${name}`,
        fix: `unset it, or use one of: KEEL_PROFILE, ${[...known].filter((v) => v.startsWith('KEEL_')).join(', ')}`,
      });
    }
  }
  return { overrides, issues };
}

export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}

export function getPath(source: unknown, path: string): unknown {
  let node: unknown = source;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
