import { NativeConnection, Worker } from '@temporalio/worker';
import type { Pool } from 'pg';
import { VenueRegistry } from '../../venues/venue-registry.js';
import type { KeelConfig } from '../../config/schema.js';
import { createLogger } from '../../lib/logger.js';
import { activitiesForQueue } from '../../workers/activities-for-queue.js';
import { bundleWorkflows, installTemporalRuntime } from '../../workers/run-worker.js';
import { keelWorkerInterceptors } from '../../workers/correlation.js';

let bundle: ReturnType<typeof bundleWorkflows> | undefined;

/** One workflow bundle per test file (webpack takes seconds). */
export function sharedBundle(): ReturnType<typeof bundleWorkflows> {
  const logger = createLogger({ service: 'test-worker', level: 'warn' });
  installTemporalRuntime(logger);
  bundle ??= bundleWorkflows(logger);
  return bundle;
}

/** Venue connections for `config`'s venue, shared by the workers `body` runs, closed after it. */
export async function withVenues<T>(
  config: KeelConfig,
  body: (venues: VenueRegistry) => Promise<T>,
): Promise<T> {
  const venues = new VenueRegistry(config);
  try {
    return await body(venues);
  } finally {
    await venues.close();
  }
}

/**
 * A Temporal worker inside the test process on a private task queue, hosting the activities of the
 * queues named by `activitiesOf` with the test's pool. Runs `body`, then shuts the worker down.
 * Without `venues`, the worker has venue connections of its own, closed with it.
 */
export async function withWorker<T>(
  config: KeelConfig,
  options: { taskQueue: string; activitiesOf: string | string[]; pool: Pool; venues?: VenueRegistry },
  body: () => Promise<T>,
): Promise<T> {
  if (!options.venues)
    return withVenues(config, (venues) => withWorker(config, { ...options, venues }, body));
  const { venues } = options;
  // The runtime (and its logger) must be installed before the first native connection.
  const workflowBundle = await sharedBundle();
  const connection = await NativeConnection.connect({ address: config.temporal.address });
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
      interceptors: keelWorkerInterceptors(),
    });
    return await worker.runUntil(body);
  } finally {
    await connection.close();
  }
}
