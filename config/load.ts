import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_TASK_QUEUES } from '../contracts/task-queues.js';
import { CONFIG_DEFAULTS, EMBEDDED_DB, simulatorCredentials } from './defaults.js';
import { envVarFor, getPath, readEnvOverrides, setPath } from './env.js';
import { ConfigError, type ConfigIssue } from './errors.js';
import { incompatibleCombinations } from './rules.js';
import { KeelConfigSchema, PROFILES, SECRET_FIELDS, type KeelConfig, type ProfileName } from './schema.js';

export const PROFILES_DIR = fileURLToPath(new URL('./profiles/', import.meta.url));

/** Values given on the command line; they win over the environment and the profile. */
export interface CliOverrides {
  profile?: string;
  dataDir?: string;
  temporalPort?: number;
  temporalUiPort?: number;
  postgresPort?: number;
  healthPort?: number;
  simPort?: number;
  headless?: boolean;
  taskQueues?: string[];
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  cli?: CliOverrides;
  profilesDir?: string;
  cwd?: string;
}

/**
 * Resolves the configuration: defaults ← profile file ← environment ← command line, then derived
 * values, then the schema and the cross-field rules. Every problem is reported at once; nothing is
 * started on a configuration that fails.
 */
export function loadConfig(options: LoadConfigOptions = {}): KeelConfig {
  const env = options.env ?? process.env;
  const cli = options.cli ?? {};
  const profile = cli.profile ?? env.KEEL_PROFILE ?? 'paper';
  if (!(PROFILES as readonly string[]).includes(profile)) {
    throw new ConfigError(
      [
        {
          field: 'profile',
          message: `unknown profile "${profile}"`,
          fix: `use one of ${PROFILES.join(', ')} (--profile or KEEL_PROFILE)`,
        },
      ],
      `profile ${profile}`,
    );
  }
  const profileName = profile as ProfileName;
  const issues: ConfigIssue[] = [];

  const fromFile = readProfileFile(profileName, options.profilesDir ?? PROFILES_DIR, issues);
  const fromEnv = readEnvOverrides(env);
  issues.push(...fromEnv.issues);

  const merged = deepMerge(structuredClone(CONFIG_DEFAULTS), fromFile);
  deepMerge(merged, fromEnv.overrides);
  deepMerge(merged, cliToPartial(cli));
  merged.profile = profileName;
  fillDerivedValues(merged, options.cwd ?? process.cwd());

  const parsed = KeelConfigSchema.safeParse(merged);
  if (!parsed.success) {
    for (const problem of parsed.error.issues) {
      const field = problem.path.join('.') || '(root)';
      const envVar = envVarFor(field);
      issues.push({
        field,
        message: problem.message,
        fix: envVar
          ? `correct ${envVar} or the "${field}" entry in config/profiles/${profileName}.json`
          : `correct "${field}" in config/profiles/${profileName}.json`,
      });
    }
    throw new ConfigError(issues, `profile ${profileName}`);
  }
  const config = parsed.data;
  for (const queue of config.worker.taskQueues) {
    if (!ALL_TASK_QUEUES.includes(queue)) {
      issues.push({
        field: 'worker.taskQueues',
        message: `unknown task queue "${queue}"`,
        fix: `use one or more of: ${ALL_TASK_QUEUES.join(', ')}`,
      });
    }
  }
  issues.push(...incompatibleCombinations(config));
  if (issues.length > 0) throw new ConfigError(issues, `profile ${profileName}`);
  return deepFreeze(config);
}

function readProfileFile(profile: ProfileName, dir: string, issues: ConfigIssue[]): Record<string, unknown> {
  const file = path.join(dir, `${profile}.json`);
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    issues.push({
      field: 'profile',
      message: `cannot read ${file}: ${(error as Error).message}`,
      fix: `restore ${file} as valid JSON`,
    });
    return {};
  }
  if (content === null || typeof content !== 'object' || Array.isArray(content)) {
    issues.push({
      field: 'profile',
      message: `${file} is not a JSON object`,
      fix: `make ${file} a JSON object`,
    });
    return {};
  }
  for (const secret of SECRET_FIELDS) {
    if (getPath(content, secret.path) !== undefined) {
      issues.push({
        field: secret.path,
        message: `${file} contains a secret; secrets are read only from the environment`,
        fix: `remove "${secret.path}" from ${file} and set ${secret.envVar} in the environment`,
      });
    }
  }
  for (const derived of ['profile', 'database.explicit']) {
    if (getPath(content, derived) !== undefined) {
      issues.push({
        field: derived,
        message: `${file} sets "${derived}", which Keel derives itself`,
        fix: `remove "${derived}" from ${file}`,
      });
    }
  }
  return content as Record<string, unknown>;
}

function cliToPartial(cli: CliOverrides): Record<string, unknown> {
  const partial: Record<string, unknown> = {};
  const set = (field: string, value: unknown) => {
    if (value !== undefined) setPath(partial, field, value);
  };
  set('dataDir', cli.dataDir);
  set('stack.temporalPort', cli.temporalPort);
  set('stack.temporalUiPort', cli.temporalUiPort);
  set('stack.postgresPort', cli.postgresPort);
  set('worker.healthPort', cli.healthPort);
  set('simulator.port', cli.simPort);
  set('worker.taskQueues', cli.taskQueues);
  if (cli.headless !== undefined) set('stack.ui', !cli.headless);
  return partial;
}

function fillDerivedValues(config: Record<string, unknown>, cwd: string): void {
  const stack = config.stack as Record<string, unknown>;
  const bindHost = typeof stack.bindHost === 'string' ? stack.bindHost : '127.0.0.1';
  // A server bound to every interface is still reached through loopback from this machine.
  const host = bindHost === '0.0.0.0' ? '127.0.0.1' : bindHost;
  if (typeof config.dataDir === 'string') config.dataDir = path.resolve(cwd, config.dataDir);
  const publishRoot = getPath(config, 'export.publishRoot');
  if (typeof publishRoot === 'string') setPath(config, 'export.publishRoot', path.resolve(cwd, publishRoot));
  else if (typeof config.dataDir === 'string')
    setPath(config, 'export.publishRoot', path.join(config.dataDir, 'published'));
  if (getPath(config, 'temporal.address') === undefined) {
    setPath(config, 'temporal.address', `${host}:${String(stack.temporalPort)}`);
  }
  if (getPath(config, 'temporal.uiUrl') === undefined) {
    setPath(
      config,
      'temporal.uiUrl',
      `http://${host === '127.0.0.1' ? 'localhost' : host}:${String(stack.temporalUiPort)}`,
    );
  }
  const venue = config.venue as Record<string, unknown>;
  const simulator = config.simulator as { port?: unknown; account?: { name?: unknown } };
  if (venue.kind === 'simulator') {
    venue.baseUrl ??= `http://${host}:${String(simulator.port)}`;
    const credentials = simulatorCredentials(String(simulator.account?.name));
    venue.apiKey ??= credentials.apiKey;
    venue.apiSecret ??= credentials.apiSecret;
  }
  const explicitUrl = getPath(config, 'database.url');
  setPath(config, 'database.explicit', explicitUrl !== undefined);
  if (explicitUrl === undefined) {
    const { user, password, database } = EMBEDDED_DB;
    setPath(
      config,
      'database.url',
      `postgres://${user}:${password}@${host}:${String(stack.postgresPort)}/${database}`,
    );
  }
}

function deepMerge(
  target: Record<string, unknown>,
  source: Record<string, unknown>,
): Record<string, unknown> {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      existing !== null &&
      typeof existing === 'object' &&
      !Array.isArray(existing)
    ) {
      deepMerge(existing as Record<string, unknown>, value as Record<string, unknown>);
    } else {
      target[key] = value;
    }
  }
  return target;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
