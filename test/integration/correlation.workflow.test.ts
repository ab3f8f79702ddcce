import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Writable } from 'node:stream';
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient } from '../../client/temporal-client.js';
import { startOrder } from '../../client/orders/start-order.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { createLogger } from '../../lib/logger.js';
import { currentActivityCorrelationId, keelWorkerInterceptors } from '../../workers/correlation.js';
import { installTemporalRuntime, WORKFLOW_INTERCEPTORS_PATH } from '../../workers/run-worker.js';
import type { CorrelationActivities, CorrelationSeen } from '../helpers/correlation-workflows.js';
import { withWorker } from '../helpers/in-process-worker.js';
import { intentMaker } from '../helpers/order-intents.js';
import { newSimAccount } from '../helpers/sim-accounts.js';
import { testConfig, uniqueTaskQueue, useTestStack } from '../helpers/test-stack.js';

/**
 * Correlation ids set by Keel's client and propagated by the interceptors: an order started with a
 * known id has it on every activity log line its worker writes; a workflow's activities, local
 * activities, children, continue-as-new and the workflows its activities start all inherit it;
 * a start without the header (a Schedule's fire) uses the workflow id instead.
 */

// Every line the Temporal runtime logs (activities, workflow `log`, worker) in this process, as
// JSON. Installed before anything opens a native connection: the runtime's logger is set once.
const lines: Record<string, unknown>[] = [];
installTemporalRuntime(
  createLogger({
    service: 'test-worker',
    level: 'debug',
    destination: new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n'))
          if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  }),
);

const { pool, client: plainClient, sim, server, terminateAtEnd } = useTestStack({ simulator: true });
let keelClient: Client;
const correlationId = `it-correlation-${randomUUID()}`;

beforeAll(async () => {
  keelClient = await connectClient(testConfig(), { correlationId });
});
afterAll(async () => {
  await keelClient.connection.close();
});

const linesOf = (workflowId: string) => lines.filter((line) => line.workflowId === workflowId);

describe('correlation ids', () => {
  it("an order started through Keel's client carries its id on every activity log line", async () => {
    const account = await newSimAccount(sim);
    const intent = intentMaker(() => `corr-${randomUUID().slice(0, 8)}`)(account.name);
    const taskQueue = uniqueTaskQueue('orders');
    const config = testConfig({ KEEL_VENUE_BASE_URL: server.url });
    const state = await withWorker(
      config,
      { taskQueue, activitiesOf: TASK_QUEUES.orders, pool },
      async () => {
        const { handle } = await startOrder(keelClient, intent, { taskQueue });
        terminateAtEnd(handle.workflowId);
        return sim.whileAdvancing(account.name, handle.result());
      },
    );
    expect(state.status).toBe('FILLED');

    const activityLines = linesOf(`order-${intent.clientOrderId}`).filter((line) => line.activityType);
    // The SDK writes "Activity started" before any interceptor has seen the headers.
    const afterStart = activityLines.filter((line) => line.msg !== 'Activity started');
    expect(afterStart.length).toBeGreaterThanOrEqual(3);
    expect(afterStart.filter((line) => line.correlationId !== correlationId)).toEqual([]);
    expect(afterStart.map((line) => line.msg)).toContain('Activity completed');
  });

  describe('propagation from a workflow', () => {
    let workflowBundle: Awaited<ReturnType<typeof bundleWorkflowCode>>;
    beforeAll(async () => {
      workflowBundle = await bundleWorkflowCode({
        workflowsPath: fileURLToPath(new URL('../helpers/correlation-workflows.ts', import.meta.url)),
        workflowInterceptorModules: [WORKFLOW_INTERCEPTORS_PATH],
        logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} },
      });
    });

    const activities: CorrelationActivities = {
      correlationIdSeen: () => Promise.resolve(currentActivityCorrelationId() ?? 'none'),
      startChildViaClient: (workflowId, taskQueue) =>
        Context.current().client.workflow.execute<() => Promise<string>>('correlationChild', {
          workflowId,
          taskQueue,
        }),
    };

    async function runParent(client: Client, workflowId: string): Promise<CorrelationSeen> {
      const taskQueue = uniqueTaskQueue('correlation');
      const connection = await NativeConnection.connect({ address: testConfig().temporal.address });
      try {
        const worker = await Worker.create({
          connection,
          taskQueue,
          workflowBundle,
          activities,
          interceptors: keelWorkerInterceptors(),
        });
        return await worker.runUntil(
          client.workflow.execute<(round?: number) => Promise<CorrelationSeen>>('correlationParent', {
            workflowId,
            taskQueue,
            workflowExecutionTimeout: '1 minute',
          }),
        );
      } finally {
        await connection.close();
      }
    }

    it('activities, local activities, children, continue-as-new and client-started workflows inherit the id', async () => {
      const workflowId = `correlation-${randomUUID()}`;
      const seen = await runParent(keelClient, workflowId);
      expect(seen).toEqual({
        activity: correlationId,
        localActivity: correlationId,
        child: correlationId,
        clientStartedChild: correlationId,
      });
      // Workflow `log` lines carry it too, before and after the continue-as-new.
      const workflowLines = linesOf(workflowId).filter((line) =>
        String(line.msg).startsWith('correlation parent'),
      );
      expect(workflowLines.map((line) => line.msg)).toEqual([
        'correlation parent continuing as new',
        'correlation parent running',
      ]);
      expect(workflowLines.map((line) => line.correlationId)).toEqual([correlationId, correlationId]);
      expect(linesOf(`${workflowId}-child`).some((line) => line.correlationId === correlationId)).toBe(true);
    });

    it('a start without the header (as a Schedule fires) uses the workflow id, and its children inherit that', async () => {
      const workflowId = `correlation-plain-${randomUUID()}`;
      expect(await runParent(plainClient, workflowId)).toEqual({
        activity: workflowId,
        localActivity: workflowId,
        child: workflowId,
        clientStartedChild: workflowId,
      });
    });
  });
});
