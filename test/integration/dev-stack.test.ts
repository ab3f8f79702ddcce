import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { knownMigrations } from '../../store/migrations.js';
import { isProcessAlive } from '../../stack/process-record.js';
import { findFreePort } from '../../lib/ports.js';
import { runKeel } from '../helpers/run-keel.js';

interface Status {
  components: { name: string; healthy: boolean; address: string; pid: number | null }[];
}

/** Processes whose command line mentions `dir`: what `keel dev down` must leave none of. */
function processesUsing(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number)
    .filter(isProcessAlive);
}

// Its own data dir and ports, separate from the run's shared servers: this file tests the stack itself.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keel-test-devstack-'));
chmodSync(dataDir, 0o755);
const ports = { temporal: 0, ui: 0, postgres: 0, sim: 0 };
const anyPid = expect.any(Number) as number;
let env: Record<string, string>;

afterAll(async () => {
  await runKeel(['dev', 'down'], env);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('keel dev up | status | down', () => {
  it('status before up: every component unhealthy, exit code 1', async () => {
    [ports.temporal, ports.ui, ports.postgres, ports.sim] = [
      await findFreePort(),
      await findFreePort(),
      await findFreePort(),
      await findFreePort(),
    ];
    env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/root',
      KEEL_DATA_DIR: dataDir,
      KEEL_TEMPORAL_PORT: String(ports.temporal),
      KEEL_TEMPORAL_UI_PORT: String(ports.ui),
      KEEL_POSTGRES_PORT: String(ports.postgres),
      KEEL_SIM_PORT: String(ports.sim),
    };
    const result = await runKeel(['dev', 'status', '--json'], env);
    expect(result.code).toBe(1);
    const status = JSON.parse(result.stdout) as Status;
    expect(status.components.map((c) => [c.name, c.healthy, c.pid])).toEqual([
      ['postgres', false, null],
      ['temporal', false, null],
      ['temporal-ui', false, null],
      ['venue-sim', false, null],
    ]);
  });

  let firstPids: (number | null)[] = [];

  it('up starts PostgreSQL (migrated), Temporal and its UI, the venue simulator; status --json reports them healthy', async () => {
    const up = await runKeel(['dev', 'up', '--json'], env);
    expect(up.code, up.stderr).toBe(0);
    const status = JSON.parse((await runKeel(['dev', 'status', '--json'], env)).stdout) as Status;
    expect(status.components).toEqual([
      { name: 'postgres', healthy: true, address: `127.0.0.1:${ports.postgres}`, pid: anyPid },
      { name: 'temporal', healthy: true, address: `127.0.0.1:${ports.temporal}`, pid: anyPid },
      {
        name: 'temporal-ui',
        healthy: true,
        address: `http://localhost:${ports.ui}`,
        pid: anyPid,
      },
      { name: 'venue-sim', healthy: true, address: `127.0.0.1:${ports.sim}`, pid: anyPid },
    ]);
    firstPids = status.components.map((c) => c.pid);
    const db = await runKeel(['db', 'status', '--json'], env);
    expect(JSON.parse(db.stdout)).toMatchObject({
      pending: [],
      unknown: [],
      current: knownMigrations().at(-1),
    });
    // Keel's search attributes are registered.
    const client = new Client({
      connection: await Connection.connect({ address: `127.0.0.1:${ports.temporal}` }),
    });
    const attributes = await client.connection.operatorService.listSearchAttributes({ namespace: 'default' });
    await client.connection.close();
    for (const name of ['KeelAccount', 'KeelSymbol', 'KeelStatus', 'KeelRunId', 'KeelKind']) {
      expect(Object.keys(attributes.customAttributes)).toContain(name);
    }
  });

  it('up again is a no-op that leaves the same processes running', async () => {
    const again = await runKeel(['dev', 'up', '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('already running');
    const status = JSON.parse(again.stdout) as Status;
    expect(status.components.map((c) => c.pid)).toEqual(firstPids);
  });

  it('a port held by another process is a clear error, and nothing is started', async () => {
    const blocker = net.createServer();
    const blockedPort = await findFreePort();
    await new Promise<void>((resolve) => blocker.listen(blockedPort, '127.0.0.1', resolve));
    const otherDir = mkdtempSync(path.join(os.tmpdir(), 'keel-test-portclash-'));
    try {
      const result = await runKeel(['dev', 'up', '--postgres-port', String(blockedPort)], {
        ...env,
        KEEL_DATA_DIR: otherDir,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `port ${blockedPort} on 127.0.0.1 (stack.postgresPort) is already in use`,
      );
      expect(result.stderr).toContain('--postgres-port');
      expect(existsSync(path.join(otherDir, 'run'))).toBe(false);
      expect(processesUsing(otherDir)).toEqual([]);
    } finally {
      blocker.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('down stops exactly what up started and leaves no process; data survives the next up', async () => {
    // State to survive the restart: a workflow (no worker polls its queue, so it stays open) and a row.
    const client = new Client({
      connection: await Connection.connect({ address: `127.0.0.1:${ports.temporal}` }),
    });
    await client.workflow.start('systemCheck', {
      taskQueue: 'nobody-polls-this',
      workflowId: 'survives-restart',
      args: [{ samples: 1, intervalMs: 0, requestedBy: 'test' }],
    });
    await client.connection.close();
    const databaseUrl = `postgres://keel:keel@127.0.0.1:${ports.postgres}/keel`;
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const sessionsQuery = 'SELECT session_id, process_kind FROM config_snapshots ORDER BY created_at';
    const before = (await db.query<{ session_id: string; process_kind: string }>(sessionsQuery)).rows;
    await db.end();

    const down = await runKeel(['dev', 'down', '--json'], env);
    expect(down.code, down.stderr).toBe(0);
    const stopped = (
      JSON.parse(down.stdout) as { stopped: { component: string; pid: number; result: string }[] }
    ).stopped;
    expect(stopped.map((s) => [s.component, s.result])).toEqual([
      ['venue-sim', 'stopped'],
      ['temporal', 'stopped'],
      ['postgres', 'stopped'],
    ]);
    expect(processesUsing(dataDir)).toEqual([]);
    const afterDown = JSON.parse((await runKeel(['dev', 'status', '--json'], env)).stdout) as Status;
    expect(afterDown.components.every((c) => !c.healthy && c.pid === null)).toBe(true);

    const up = await runKeel(['dev', 'up'], env);
    expect(up.code, up.stderr).toBe(0);
    const reconnected = new Client({
      connection: await Connection.connect({ address: `127.0.0.1:${ports.temporal}` }),
    });
    const description = await reconnected.workflow.getHandle('survives-restart').describe();
    await reconnected.connection.close();
    expect(description.status.name).toBe('RUNNING');
    const db2 = new pg.Client({ connectionString: databaseUrl });
    await db2.connect();
    const after = (await db2.query<{ session_id: string; process_kind: string }>(sessionsQuery)).rows;
    await db2.end();
    // Every earlier snapshot is still there, plus this start's own: dev up's and the simulator's.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(
      after
        .slice(before.length)
        .map((row) => row.process_kind)
        .sort(),
    ).toEqual(['dev-up', 'venue-sim']);

    const finalDown = await runKeel(['dev', 'down'], env);
    expect(finalDown.code).toBe(0);
    expect(processesUsing(dataDir)).toEqual([]);
  });
});
