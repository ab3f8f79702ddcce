import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_BINDINGS } from '../../config/env.js';

// No Docker engine runs where the tests do, so these check what the files promise, statically.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Service {
  image?: string;
  build?: string | { context?: string };
  entrypoint?: string | string[];
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | { target?: number; published?: number | string })[];
  depends_on?: string[] | Record<string, { condition?: string }>;
  stop_grace_period?: string;
}

const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;

function service(name: string): Service {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service "${name}"`);
  return found;
}

/** Environment as name → value; a bare name (pass-through from the host) maps to null. */
function environment(svc: Service): Record<string, string | null> {
  const env = svc.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((entry) => {
        const eq = entry.indexOf('=');
        return eq < 0 ? [entry, null] : [entry.slice(0, eq), entry.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? null : String(v)]));
}

/** "[ip:]host:container[/proto]" → the host and container ports. */
function publishedPorts(svc: Service): { host: number; container: number }[] {
  return (svc.ports ?? []).map((port) => {
    if (typeof port === 'object') return { host: Number(port.published), container: Number(port.target) };
    const parts = port.split('/')[0]!.split(':');
    return { host: Number(parts.at(-2)), container: Number(parts.at(-1)) };
  });
}

/** A digest, or a tag other than latest ("postgres:16.6"; not "postgres" nor "postgres:latest"). */
function isPinned(image: string): boolean {
  if (image.includes('@sha256:')) return true;
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  return tag !== undefined && tag !== 'latest';
}

function durationMs(value: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value)
    throw new Error(`not a duration: ${value}`);
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit!]!, 0);
}

const EXPECTED_SERVICES = [
  'postgres',
  'temporal',
  'temporal-setup',
  'temporal-ui',
  'keel-migrate',
  'keel-worker',
  'venue-sim',
];
const KEEL_BUILT = ['keel-migrate', 'keel-worker', 'venue-sim'];
const SEARCH_ATTRIBUTES = ['KeelAccount', 'KeelSymbol', 'KeelStatus', 'KeelRunId', 'KeelKind'];
const SECRET_KEY = /PASSWORD|SECRET|API_KEY|WEBHOOK|PWD/;

describe('docker-compose.yml', () => {
  it('declares every documented service', () => {
    expect(Object.keys(services).sort()).toEqual(expect.arrayContaining(EXPECTED_SERVICES));
  });

  it('pins every image to a tag other than latest', () => {
    const unpinned = Object.entries(services)
      .filter(([, svc]) => svc.image !== undefined && !isPinned(svc.image))
      .map(([name, svc]) => `${name}: ${svc.image}`);
    expect(unpinned, 'services whose image is not pinned').toEqual([]);
  });

  it('builds the Keel services from the repository root', () => {
    for (const name of KEEL_BUILT) {
      const build = service(name).build;
      const context = typeof build === 'string' ? build : build?.context;
      expect(context, `${name} build context`).toBe('.');
    }
  });

  it.each([
    ['temporal', 7233],
    ['temporal-ui', 8080],
    ['keel-worker', 8090],
    ['venue-sim', 8091],
    ['postgres', 5432],
  ])('publishes %s on port %i', (name, port) => {
    expect(publishedPorts(service(name)), `${name} ports`).toContainEqual({ host: port, container: port });
  });

  it('points the worker at the compose PostgreSQL and Temporal, with health on 8090', () => {
    const env = environment(service('keel-worker'));
    expect(new URL(env.DATABASE_URL ?? 'missing:').hostname, 'worker DATABASE_URL host').toBe('postgres');
    expect(env.TEMPORAL_ADDRESS, 'worker TEMPORAL_ADDRESS').toBe('temporal:7233');
    expect(env.KEEL_HEALTH_PORT, 'worker KEEL_HEALTH_PORT').toBe('8090');
  });

  it('gives the worker more stop time than its own shutdown grace, so SIGTERM drains before SIGKILL', () => {
    const worker = service('keel-worker');
    const graceMs = Number(environment(worker).KEEL_SHUTDOWN_GRACE_MS);
    expect(graceMs, 'worker KEEL_SHUTDOWN_GRACE_MS').toBeGreaterThan(0);
    expect(worker.stop_grace_period, 'worker stop_grace_period').toBeDefined();
    expect(durationMs(worker.stop_grace_period!), 'stop_grace_period in ms').toBeGreaterThan(graceMs);
  });

  it('starts the worker and simulator only after migrations (and the worker after search attributes)', () => {
    const completed = (name: string) => {
      const deps = service(name).depends_on;
      return Object.entries(Array.isArray(deps) ? {} : (deps ?? {}))
        .filter(([, dep]) => dep.condition === 'service_completed_successfully')
        .map(([dep]) => dep);
    };
    expect(completed('keel-worker')).toEqual(expect.arrayContaining(['keel-migrate', 'temporal-setup']));
    expect(completed('venue-sim')).toContain('keel-migrate');
  });

  it('registers each Keel search attribute as a Keyword', () => {
    const setup = service('temporal-setup');
    const script = [setup.entrypoint, setup.command].flat().filter(Boolean).join('\n');
    expect(script).toContain('search-attribute create');
    expect(script).toContain('--type Keyword');
    const missing = SEARCH_ATTRIBUTES.filter((name) => !script.includes(name));
    expect(missing, 'search attributes temporal-setup does not register').toEqual([]);
  });

  it('holds no literal secret: credentials are ${...} interpolations or host pass-through', () => {
    const literal: string[] = [];
    for (const [name, svc] of Object.entries(services)) {
      for (const [key, value] of Object.entries(environment(svc))) {
        if (value === null) continue; // bare name: copied from the host environment
        if (SECRET_KEY.test(key) && !value.includes('${')) literal.push(`${name}.${key}`);
        const urlPassword = /:\/\/[^:/@\s]+:([^@\s]+)@/.exec(value)?.[1];
        if (urlPassword !== undefined && !urlPassword.startsWith('${'))
          literal.push(`${name}.${key} (URL password)`);
      }
    }
    expect(literal, 'environment values that hold a literal secret').toEqual([]);
  });

  it('sets only KEEL_* variables that Keel knows', () => {
    const known = new Set([...ENV_BINDINGS.map((binding) => binding.envVar), 'KEEL_PROFILE']);
    const unknown = Object.entries(services).flatMap(([name, svc]) =>
      Object.keys(environment(svc))
        .filter((key) => key.startsWith('KEEL_') && !known.has(key))
        .map((key) => `${name}.${key}`),
    );
    expect(unknown, 'KEEL_* variables config/env.ts does not read').toEqual([]);
  });
});

describe('Dockerfile', () => {
  const dockerfilePath = path.join(ROOT, 'Dockerfile');
  // Instructions one per entry, with line continuations joined and comments dropped.
  const instructions = existsSync(dockerfilePath)
    ? readFileSync(dockerfilePath, 'utf8')
        .replace(/\\\r?\n/g, ' ')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '' && !line.startsWith('#'))
    : [];
  const args = (keyword: string) =>
    instructions
      .filter((line) => line.toUpperCase().startsWith(`${keyword} `))
      .map((line) => line.slice(keyword.length).trim());

  it('exists', () => {
    expect(existsSync(dockerfilePath), `${dockerfilePath} exists`).toBe(true);
  });

  it('builds FROM a pinned base image', () => {
    const bases = args('FROM').map((from) => from.split(/\s+/)[0]!);
    expect(bases.length, 'FROM instructions').toBeGreaterThan(0);
    expect(
      bases.filter((base) => !isPinned(base)),
      'FROM images not pinned',
    ).toEqual([]);
  });

  it('runs as a non-root user', () => {
    const user = args('USER').at(-1);
    expect(user, 'last USER instruction').toBeDefined();
    expect(['root', '0'], `USER ${user}`).not.toContain(user!.split(':')[0]);
  });

  it('enters through bin/keel', () => {
    expect(args('ENTRYPOINT').at(-1) ?? '', 'ENTRYPOINT').toMatch(/bin\/keel/);
  });

  it('copies only sources that exist in the repository', () => {
    const sources = args('COPY')
      .map((copy) => copy.split(/\s+/).filter((word) => !word.startsWith('--')))
      .flatMap((words) => words.slice(0, -1));
    expect(sources.length, 'COPY sources').toBeGreaterThan(0);
    const missing = sources.filter((source) => !existsSync(path.join(ROOT, source)));
    expect(missing, 'COPY sources missing from the repository').toEqual([]);
  });
});
