import { NativeConnection, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { VenueRegistry } from '../../venues/venue-registry.js';
import type { KeelConfig } from '../../config/schema.js';
import { createLogger } from '../../lib/logger.js';
import { activitiesForQueue } from '../../workers/activities-for-queue.js';
import { bundleWorkflows, installTemporalRuntime } from '../../workers/run-worker.js';

let bundle: ReturnType<typeof bundleWorkflows> | undefined;

/** One workflow bundle per test file (webpack takes seconds). */
export function sharedBundle(): ReturnType<typeof bundleWorkflows> {
  const logger = createLogger({ service: 'test-worker', level: 'warn' });
  installTemporalRuntime(logger);
  bundle ??= bundleWorkflows(logger);
  return bundle;
}

/**
 * A Temporal worker inside the test process on a private task queue, hosting the activities of the
 * queues named by `activitiesOf` with the test's pool. Runs `body`, then shuts the worker down.
 */
export async function withWorker<T>(
  config: KeelConfig,
  options: { taskQueue: string; activitiesOf: string | string[]; pool: Pool; venues?: VenueRegistry },
  body: () => Promise<T>,
): Promise<T> {
  // The runtime (and its logger) must be installed before the first native connection.
  const workflowBundle = await sharedBundle();
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const venues = options.venues ?? new VenueRegistry(config);
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.temporal.namespace,
      taskQueue: options.taskQueue,
      workflowBundle,
      activities: Object.assign(
        {},
        ...[options.activitiesOf]
          .flat()
          .map((queue) => activitiesForQueue(queue, { pool: options.pool, config, venues })),
      ) as Record<string, (...args: never[]) => Promise<unknown>>,
    });
    return await worker.runUntil(body);
  } finally {
    await connection.close();
  }
}
