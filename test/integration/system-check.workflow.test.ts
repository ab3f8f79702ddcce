import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { knownMigrations } from '../../store/migrations.js';
import { KeelKind } from '../../contracts/search-attributes.js';
import type { systemCheck } from '../../workflows/system-check.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { sharedBundle, withWorker } from '../helpers/in-process-worker.js';
import { uniqueTaskQueue, useTestStack } from '../helpers/test-stack.js';
import { saveHistory } from '../helpers/history-recorder.js';

const { config, pool, client } = useTestStack();

describe('systemCheck workflow through the real Temporal server and PostgreSQL', () => {
  it('records the check, measures the database and returns the result', async () => {
    const taskQueue = uniqueTaskQueue('system-check');
    const workflowId = `system-check-${taskQueue}`;
    const result = await withWorker(config, { taskQueue, activitiesOf: TASK_QUEUES.system, pool }, () =>
      client.workflow.execute<typeof systemCheck>('systemCheck', {
        taskQueue,
        workflowId,
        args: [{ samples: 4, intervalMs: 10, requestedBy: 'test' }],
        typedSearchAttributes: [{ key: KeelKind, value: 'system-check' }],
      }),
    );
    expect(result).toMatchObject({
      checkId: workflowId,
      workflowId,
      taskQueue,
      schemaVersion: knownMigrations().at(-1),
    });
    expect(result.latency.count).toBe(4);
    expect(result.latency.p50Ms).toBeGreaterThan(0);

    const { rows } = await pool.query(
      'SELECT status, samples_taken, schema_version FROM system_checks WHERE check_id = $1',
      [workflowId],
    );
    expect(rows).toEqual([
      { status: 'completed', samples_taken: 4, schema_version: knownMigrations().at(-1) },
    ]);

    // The history replays deterministically against the current workflow code, and is kept as an
    // artifact so it can be committed under test/histories/ when the workflow's shape changes.
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: await sharedBundle() }, history, workflowId);
    saveHistory('system-check', history);
  });

  it('is listed by its Keel search attribute', async () => {
    const taskQueue = uniqueTaskQueue('system-check-search');
    const workflowId = `system-check-${taskQueue}`;
    await withWorker(config, { taskQueue, activitiesOf: TASK_QUEUES.system, pool }, () =>
      client.workflow.execute<typeof systemCheck>('systemCheck', {
        taskQueue,
        workflowId,
        args: [{ samples: 1, intervalMs: 0, requestedBy: 'test' }],
        typedSearchAttributes: [{ key: KeelKind, value: 'system-check' }],
      }),
    );
    await expect
      .poll(
        async () => {
          const ids: string[] = [];
          for await (const execution of client.workflow.list({
            query: `KeelKind = "system-check" AND WorkflowId = "${workflowId}"`,
          })) {
            ids.push(execution.workflowId);
          }
          return ids;
        },
        { timeout: 15_000, interval: 250 },
      )
      .toEqual([workflowId]);
  });

  it('a retried activity does not duplicate the check row (idempotent writes)', async () => {
    const { createSystemCheckActivities } = await import('../../activities/system-check.js');
    const activities = createSystemCheckActivities({ pool });
    const checkId = `idempotency-${uniqueTaskQueue('x')}`;
    await activities.beginSystemCheck({ checkId, requestedBy: 'test', samples: 2 });
    await activities.beginSystemCheck({ checkId, requestedBy: 'test', samples: 2 });
    const latency = { count: 2, p50Ms: 1, p95Ms: 2, maxMs: 2 };
    const first = await activities.completeSystemCheck({ checkId, latency });
    const second = await activities.completeSystemCheck({ checkId, latency });
    expect(second.completedAt).toBe(first.completedAt);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM system_checks WHERE check_id = $1', [
      checkId,
    ]);
    expect(rows[0]).toEqual({ n: 1 });
  });
});
