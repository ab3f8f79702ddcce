import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { knownMigrations, MIGRATIONS_TABLE, migrateUp, SchemaVersionError } from '../../store/migrations.js';
import { newSessionId, recordConfigSnapshot } from '../../stack/session.js';
import { runKeel } from '../helpers/run-keel.js';
import { testConfig, testEnv, useTestStack } from '../helpers/test-stack.js';

const { config, pool } = useTestStack({ temporal: false });

describe('keel config diff', () => {
  it('shows exactly the knobs that changed between two sessions, secrets redacted', async () => {
    const a = await recordConfigSnapshot(pool, testConfig(), {
      sessionId: newSessionId('test'),
      kind: 'test',
    });
    const b = await recordConfigSnapshot(
      pool,
      testConfig({
        KEEL_SHUTDOWN_GRACE_MS: '1234',
        KEEL_ALERT_WEBHOOK_URL: 'https://alerts.example.com/tok-55555',
      }),
      { sessionId: newSessionId('test'), kind: 'test' },
    );
    const result = await runKeel(['config', 'diff', a.sessionId, b.sessionId, '--json'], testEnv());
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      sessionA: a.sessionId,
      sessionB: b.sessionId,
      identical: false,
      changes: [
        { path: 'alerts.webhookUrl', after: 'https://alerts.example.com/[REDACTED]' },
        { path: 'worker.shutdownGraceMs', before: 30000, after: 1234 },
      ],
    });
    expect(result.stdout).not.toContain('tok-55555');

    const same = await runKeel(['config', 'diff', a.sessionId, a.sessionId, '--json'], testEnv());
    expect(JSON.parse(same.stdout)).toMatchObject({ identical: true, changes: [] });
  });

  it('an unknown session is bad input (exit 2) that says how to find sessions', async () => {
    const result = await runKeel(['config', 'diff', 'nope-1', 'nope-2'], testEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no configuration snapshot for session "nope-1"');
    expect(result.stderr).toContain('keel config sessions');
  });

  it('an invalid configuration stops any command with exit 2, naming field and fix', async () => {
    const result = await runKeel(['config', 'show'], testEnv({ KEEL_VENUE: 'binance' }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/venue\.kind: the paper profile trades only on the simulator[\s\S]*fix: /);
  });
});

describe('schema version check', () => {
  const database = `keel_schema_${randomBytes(4).toString('hex')}`;
  const url = config.database.url.replace(/\/keel$/, `/${database}`);

  beforeAll(async () => {
    await pool.query(`CREATE DATABASE ${database}`);
  });

  it('a fresh database migrates; a second migrate is a no-op', async () => {
    const env = testEnv({ DATABASE_URL: url });
    const first = await runKeel(['db', 'migrate', '--json'], env);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ applied: knownMigrations() });
    const second = await runKeel(['db', 'migrate', '--json'], env);
    expect(JSON.parse(second.stdout)).toEqual({ applied: [] });
  });

  it('code older than the database refuses to migrate or start a worker, with a clear message', async () => {
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query(`INSERT INTO ${MIGRATIONS_TABLE} (name, run_on) VALUES ('9999_from_a_newer_keel', now())`);
    await db.end();
    const env = testEnv({ DATABASE_URL: url });

    await expect(migrateUp(url)).rejects.toBeInstanceOf(SchemaVersionError);
    const status = await runKeel(['db', 'status', '--json'], env);
    expect(status.code).toBe(1);
    expect(JSON.parse(status.stdout)).toMatchObject({ unknown: ['9999_from_a_newer_keel'] });

    const worker = await runKeel(['worker'], env, 60_000);
    expect(worker.code).toBe(1);
    expect(worker.stderr).toContain('the database schema is newer than this code');
    expect(worker.stderr).toContain('9999_from_a_newer_keel');
  });
});
