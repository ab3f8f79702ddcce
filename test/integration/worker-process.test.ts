import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import type { systemCheck } from '../../workflows/system-check.js';
import { withWorker } from '../helpers/in-process-worker.js';
import { runKeel, startKeel, type KeelProcess } from '../helpers/run-keel.js';
import { testEnv, useTestStack } from '../helpers/test-stack.js';

// The only test file that uses the real `keel-system` task queue: it runs `keel worker` itself.
const WEBHOOK_TOKEN = 'whk-secret-token-7c1f9e';
const env = testEnv({
  KEEL_SHUTDOWN_GRACE_MS: '20000',
  KEEL_ALERT_WEBHOOK_URL: `https://hooks.example.com/${WEBHOOK_TOKEN}`,
});
const { config, pool, client } = useTestStack();
let worker: KeelProcess;
let healthUrl: string;
let sessionId: string;

beforeAll(async () => {
  worker = startKeel(['worker', '--task-queues', TASK_QUEUES.system], env);
  const running = JSON.parse(await worker.waitForLine((line) => line.includes('"worker running"'))) as {
    health: string;
    sessionId: string;
  };
  healthUrl = running.health;
  sessionId = running.sessionId;
});

afterAll(() => {
  if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
});

describe('keel worker, as a process', () => {
  it('serves /healthz with status, uptime, connectivity, task queues, heartbeat and memory', async () => {
    const response = await fetch(healthUrl);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'ok',
      temporal: { ok: true, address: config.temporal.address },
      database: { ok: true },
      taskQueues: [TASK_QUEUES.system],
    });
    expect(typeof body.uptimeSeconds).toBe('number');
    expect(Date.parse(body.lastHeartbeatAt as string)).toBeGreaterThan(Date.now() - 60_000);
    expect((body.memory as { rss: number }).rss).toBeGreaterThan(0);
  });

  it('records its configuration snapshot at start, with secrets redacted', async () => {
    const { rows } = await pool.query<{ process_kind: string; config: unknown; config_hash: string }>(
      'SELECT process_kind, config, config_hash FROM config_snapshots WHERE session_id = $1',
      [sessionId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.process_kind).toBe('worker');
    expect(JSON.stringify(rows[0]!.config)).not.toContain(WEBHOOK_TOKEN);
    expect(JSON.stringify(rows[0]!.config)).toContain('hooks.example.com');
  });

  it("`keel check` runs the systemCheck workflow through it and prints the workflow's UI URL", async () => {
    const result = await runKeel(['check', '--samples', '2', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const output = JSON.parse(result.stdout) as {
      workflowId: string;
      url: string;
      result: { latency: { count: number } };
    };
    expect(output.url).toBe(
      `${config.temporal.uiUrl}/namespaces/default/workflows/${output.workflowId}/${(await client.workflow.getHandle(output.workflowId).describe()).runId}/history`,
    );
    expect(output.result.latency.count).toBe(2);
    const page = await fetch(config.temporal.uiUrl);
    expect(page.ok).toBe(true);
  });

  it('on SIGTERM stops polling, lets the in-flight activity finish, reports draining, and exits 0', async () => {
    const workflowId = `graceful-shutdown-${Date.now()}`;
    const handle = await client.workflow.start<typeof systemCheck>('systemCheck', {
      taskQueue: TASK_QUEUES.system,
      workflowId,
      args: [{ samples: 15, intervalMs: 200, requestedBy: 'graceful-shutdown test' }],
    });
    await expect
      .poll(
        async () =>
          ((await handle.describe()).raw.pendingActivities ?? []).map(
            (activity) => activity.activityType?.name,
          ),
        {
          timeout: 30_000,
          interval: 100,
        },
      )
      .toEqual(['sampleDatabaseLatency']);

    worker.child.kill('SIGTERM');
    await expect
      .poll(async () => ((await (await fetch(healthUrl)).json()) as { status: string }).status, {
        timeout: 5_000,
        interval: 50,
      })
      .toBe('draining');
    expect(await worker.exited).toEqual({ code: 0, signal: null });

    const { rows } = await pool.query('SELECT samples_taken FROM system_checks WHERE check_id = $1', [
      workflowId,
    ]);
    expect(rows).toEqual([{ samples_taken: 15 }]);
    expect(worker.lines.some((line) => line.includes('"worker stopped"'))).toBe(true);
    for (const line of worker.lines) {
      expect(line).not.toContain(WEBHOOK_TOKEN);
      expect(JSON.parse(line)).toMatchObject({ service: 'keel-worker', sessionId });
    }

    // The activity's result was recorded before the exit; another worker completes the workflow.
    const result = await withWorker(
      config,
      { taskQueue: TASK_QUEUES.system, activitiesOf: TASK_QUEUES.system, pool },
      () => handle.result(),
    );
    expect(result.latency.count).toBe(15);
  });
});
