import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config/errors.js';
import { loadConfig, PROFILES_DIR } from '../../config/load.js';
import { configHash, redactConfig } from '../../config/redact-config.js';
import { PROFILES } from '../../config/schema.js';

const LIVE_SECRETS = {
  KEEL_VENUE_API_KEY: 'live-key-123456',
  KEEL_VENUE_API_SECRET: 'live-secret-abcdef',
  KEEL_LIVE_TRADING: 'enabled',
  DATABASE_URL: 'postgres://keel:pw-999999@db.internal:5432/keel',
  KEEL_ALERT_WEBHOOK_URL: 'https://hooks.example.com/T000/B000/tokenvalue',
};

function issuesOf(env: Record<string, string>, cli = {}): { field: string; message: string; fix: string }[] {
  try {
    loadConfig({ env, cli, cwd: '/tmp' });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error('expected the configuration to be rejected');
}

describe('profiles', () => {
  it('paper loads with no environment at all, on the simulator with live trading disabled', () => {
    const config = loadConfig({ env: {}, cwd: '/work' });
    expect(config.profile).toBe('paper');
    expect(config.venue.kind).toBe('simulator');
    expect(config.trading.liveTrading).toBe('disabled');
    expect(config.dataDir).toBe('/work/.keel');
    expect(config.temporal.address).toBe('127.0.0.1:7233');
    expect(config.database.url).toBe('postgres://keel:keel@127.0.0.1:5433/keel');
    expect(config.database.explicit).toBe(false);
  });

  it.each(['canary', 'production'])(
    '%s loads with its live secrets supplied by the environment',
    (profile) => {
      const config = loadConfig({
        env: { KEEL_PROFILE: profile, ...LIVE_SECRETS, TEMPORAL_ADDRESS: 'temporal:7233' },
      });
      expect(config.profile).toBe(profile);
      expect(config.venue.kind).toBe('binance');
      expect(config.venue.apiKey).toBe(LIVE_SECRETS.KEEL_VENUE_API_KEY);
      expect(config.temporal.address).toBe('temporal:7233');
    },
  );

  it('config/profiles holds exactly the known profiles', () => {
    const files = readdirSync(PROFILES_DIR).map((file) => file.replace(/\.json$/, ''));
    expect(files.sort()).toEqual([...PROFILES].sort());
  });

  it('the command line wins over the environment, which wins over the profile', () => {
    const config = loadConfig({
      env: { KEEL_TEMPORAL_PORT: '9000', KEEL_SHUTDOWN_GRACE_MS: '5000' },
      cli: { temporalPort: 9100, headless: true, dataDir: 'x' },
      cwd: '/srv',
    });
    expect(config.stack.temporalPort).toBe(9100);
    expect(config.temporal.address).toBe('127.0.0.1:9100');
    expect(config.worker.shutdownGraceMs).toBe(5000);
    expect(config.stack.ui).toBe(false);
    expect(config.dataDir).toBe('/srv/x');
  });

  it('returns a frozen object, so no code can change the configuration after the start', () => {
    const config = loadConfig({ env: {} });
    expect(Object.isFrozen(config.worker)).toBe(true);
  });
});

describe('invalid configurations are rejected with the field and the fix', () => {
  const cases: { name: string; env: Record<string, string>; cli?: object; field: string; fix: RegExp }[] = [
    {
      name: 'unknown profile',
      env: { KEEL_PROFILE: 'staging' },
      field: 'profile',
      fix: /paper, canary, production/,
    },
    {
      name: 'live venue without KEEL_LIVE_TRADING=enabled',
      env: { ...LIVE_SECRETS, KEEL_PROFILE: 'canary', KEEL_LIVE_TRADING: 'disabled' },
      field: 'trading.liveTrading',
      fix: /KEEL_LIVE_TRADING=enabled/,
    },
    {
      name: 'production on the simulator',
      env: { ...LIVE_SECRETS, KEEL_PROFILE: 'production', KEEL_VENUE: 'simulator' },
      field: 'venue.kind',
      fix: /KEEL_VENUE=binance/,
    },
    {
      name: 'paper on a live venue',
      env: { KEEL_VENUE: 'binance' },
      field: 'venue.kind',
      fix: /profile canary/,
    },
    {
      name: 'paper with live trading enabled',
      env: { KEEL_LIVE_TRADING: 'enabled' },
      field: 'trading.liveTrading',
      fix: /unset KEEL_LIVE_TRADING/,
    },
    {
      name: 'live venue without an API key',
      env: { ...LIVE_SECRETS, KEEL_PROFILE: 'canary', KEEL_VENUE_API_KEY: '' },
      field: 'venue.apiKey',
      fix: /KEEL_VENUE_API_KEY/,
    },
    {
      name: 'live venue without an API secret',
      env: { ...LIVE_SECRETS, KEEL_PROFILE: 'production', KEEL_VENUE_API_SECRET: '' },
      field: 'venue.apiSecret',
      fix: /KEEL_VENUE_API_SECRET/,
    },
    {
      name: 'production on the embedded database',
      env: { ...LIVE_SECRETS, KEEL_PROFILE: 'production', DATABASE_URL: '' },
      field: 'database.url',
      fix: /DATABASE_URL/,
    },
    {
      name: 'canary without an alert webhook',
      env: { ...LIVE_SECRETS, KEEL_PROFILE: 'canary', KEEL_ALERT_WEBHOOK_URL: '' },
      field: 'alerts.webhookUrl',
      fix: /KEEL_ALERT_WEBHOOK_URL/,
    },
    {
      name: 'an export time that is not HH:MM',
      env: { KEEL_EXPORT_AT: '25:00' },
      field: 'export.at',
      fix: /KEEL_EXPORT_AT/,
    },
    {
      name: 'a retention that is not a whole number of days',
      env: { KEEL_EXPORT_RETENTION_DAYS: '0' },
      field: 'export.retentionDays',
      fix: /KEEL_EXPORT_RETENTION_DAYS/,
    },
    {
      name: 'a port that is not a number',
      env: { KEEL_POSTGRES_PORT: 'abc' },
      field: 'stack.postgresPort',
      fix: /KEEL_POSTGRES_PORT/,
    },
    {
      name: 'a port out of range',
      env: { KEEL_TEMPORAL_PORT: '70000' },
      field: 'stack.temporalPort',
      fix: /1 to 65535/,
    },
    {
      name: 'two components on one port',
      env: { KEEL_POSTGRES_PORT: '7233' },
      field: 'stack.postgresPort',
      fix: /own port/,
    },
    { name: 'an unknown venue', env: { KEEL_VENUE: 'ftx' }, field: 'venue.kind', fix: /KEEL_VENUE/ },
    {
      name: 'an unknown log level',
      env: { KEEL_LOG_LEVEL: 'loud' },
      field: 'logging.level',
      fix: /KEEL_LOG_LEVEL/,
    },
    {
      name: 'an unknown task queue',
      env: { KEEL_TASK_QUEUES: 'keel-system,nope' },
      field: 'worker.taskQueues',
      fix: /keel-system/,
    },
    {
      name: 'a misspelt KEEL_ variable',
      env: { KEEL_LIVE_TRADNG: 'enabled' },
      field: 'KEEL_LIVE_TRADNG',
      fix: /unset it/,
    },
    {
      name: 'a negative grace time',
      env: { KEEL_SHUTDOWN_GRACE_MS: '-1' },
      field: 'worker.shutdownGraceMs',
      fix: /KEEL_SHUTDOWN_GRACE_MS/,
    },
    {
      name: 'a webhook that is not a URL',
      env: { KEEL_ALERT_WEBHOOK_URL: 'not a url' },
      field: 'alerts.webhookUrl',
      fix: /KEEL_ALERT_WEBHOOK_URL/,
    },
  ];

  it.each(cases)('$name → $field', ({ env, cli, field, fix }) => {
    const issues = issuesOf(env, cli);
    const issue = issues.find((candidate) => candidate.field === field);
    expect(issue, `issues were: ${JSON.stringify(issues)}`).toBeDefined();
    expect(`${issue!.message} ${issue!.fix}`).toMatch(fix);
  });

  it('reports every problem at once, not just the first', () => {
    const issues = issuesOf({ KEEL_POSTGRES_PORT: 'abc', KEEL_LOG_LEVEL: 'loud', KEEL_TYPO: '1' });
    expect(issues.map((issue) => issue.field).sort()).toEqual([
      'KEEL_TYPO',
      'logging.level',
      'stack.postgresPort',
    ]);
  });

  it('the error message names each field and fix', () => {
    expect(() => loadConfig({ env: { KEEL_VENUE: 'binance' } })).toThrow(/venue\.kind: .*\n\s+fix: /);
  });
});

describe('secrets never come from profile files', () => {
  function profilesWith(patch: object): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keel-profiles-'));
    cpSync(PROFILES_DIR, dir, { recursive: true });
    writeFileSync(path.join(dir, 'paper.json'), JSON.stringify(patch));
    return dir;
  }

  it.each([
    [{ venue: { apiKey: 'abc' } }, 'venue.apiKey', 'KEEL_VENUE_API_KEY'],
    [{ venue: { apiSecret: 'abc' } }, 'venue.apiSecret', 'KEEL_VENUE_API_SECRET'],
    [{ alerts: { webhookUrl: 'https://x.example/y' } }, 'alerts.webhookUrl', 'KEEL_ALERT_WEBHOOK_URL'],
    [{ database: { url: 'postgres://u:p@h/d' } }, 'database.url', 'DATABASE_URL'],
    [{ export: { webhookUrl: 'https://x.example/y' } }, 'export.webhookUrl', 'KEEL_EXPORT_WEBHOOK_URL'],
  ])('%j is refused', (patch, field, envVar) => {
    try {
      loadConfig({ env: {}, profilesDir: profilesWith(patch) });
      throw new Error('expected rejection');
    } catch (error) {
      const issue = (error as ConfigError).issues.find((candidate) => candidate.field === field);
      expect(issue?.fix).toContain(envVar);
    }
  });

  it('unknown keys in a profile file are refused', () => {
    expect(() =>
      loadConfig({ env: {}, profilesDir: profilesWith({ venue: { kind: 'simulator', colour: 'red' } }) }),
    ).toThrow(/colour/);
  });

  it('a profile file that is not JSON names the file', () => {
    const dir = profilesWith({});
    writeFileSync(path.join(dir, 'paper.json'), '{ nope');
    expect(() => loadConfig({ env: {}, profilesDir: dir })).toThrow(/paper\.json/);
  });
});

describe('simulator fault rules from a profile file', () => {
  function profileWithFaults(faults: unknown[]): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'keel-profiles-'));
    cpSync(PROFILES_DIR, dir, { recursive: true });
    writeFileSync(path.join(dir, 'paper.json'), JSON.stringify({ simulator: { faults } }));
    return dir;
  }

  it('are loaded with their defaults', () => {
    const config = loadConfig({
      env: {},
      profilesDir: profileWithFaults([{ kind: 'rate_limit', count: 2 }]),
    });
    expect(config.simulator.faults).toEqual([
      expect.objectContaining({ kind: 'rate_limit', count: 2, endpoint: 'any', retryAfterSeconds: 1 }),
    ]);
  });

  it('an unknown fault kind names the field', () => {
    expect(() => loadConfig({ env: {}, profilesDir: profileWithFaults([{ kind: 'meteor' }]) })).toThrow(
      /simulator\.faults\.0\.kind/,
    );
  });
});

describe('redacted configuration and its hash', () => {
  const live = () => loadConfig({ env: { KEEL_PROFILE: 'canary', ...LIVE_SECRETS } });

  it('contains no secret value', () => {
    const shown = JSON.stringify(
      redactConfig(
        loadConfig({
          env: {
            KEEL_PROFILE: 'canary',
            ...LIVE_SECRETS,
            KEEL_EXPORT_WEBHOOK_URL: 'https://hooks.example/exports/T000-exportsecret',
          },
        }),
      ),
    );
    expect(shown).not.toContain('exportsecret');
    for (const secret of ['live-key-123456', 'live-secret-abcdef', 'pw-999999', 'tokenvalue', 'T000']) {
      expect(shown).not.toContain(secret);
    }
    expect(shown).toContain('db.internal');
  });

  it('is stable for equal configurations and changes with any knob', () => {
    expect(configHash(live())).toBe(configHash(live()));
    expect(configHash(live())).toMatch(/^[0-9a-f]{64}$/);
    const changed = loadConfig({
      env: { KEEL_PROFILE: 'canary', ...LIVE_SECRETS, KEEL_SHUTDOWN_GRACE_MS: '1' },
    });
    expect(configHash(changed)).not.toBe(configHash(live()));
  });
});
