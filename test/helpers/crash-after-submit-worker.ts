// A worker process for the exactly-once tests: it hosts the order activities on CRASH_TASK_QUEUE and,
// unless CRASH_ONCE_FILE exists, kills itself with SIGKILL the moment `submitOrder` has returned —
// the venue has accepted the order, the workflow task that ran the step has not completed. The file
// is written first, so the worker started after the crash runs normally. RESEND_MODE is the order
// activities' `resend` ('fenced' unless set to 'blind').
import { existsSync, writeFileSync } from 'node:fs';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createOrderActivities } from '../../activities/orders/order-activities.js';
import { loadConfig } from '../../config/load.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { createLogger } from '../../lib/logger.js';
import { createPool } from '../../store/pool.js';
import { VenueRegistry } from '../../venues/venue-registry.js';
import { activitiesForQueue } from '../../workers/activities-for-queue.js';
import { keelWorkerInterceptors } from '../../workers/correlation.js';
import { installTemporalRuntime } from '../../workers/run-worker.js';

const taskQueue = process.env.CRASH_TASK_QUEUE;
const bundlePath = process.env.CRASH_WORKFLOW_BUNDLE;
const crashOnceFile = process.env.CRASH_ONCE_FILE;
const resend = process.env.RESEND_MODE === 'blind' ? 'blind' : 'fenced';
if (!taskQueue || !bundlePath || !crashOnceFile)
  throw new Error('set CRASH_TASK_QUEUE, CRASH_WORKFLOW_BUNDLE and CRASH_ONCE_FILE');

const config = loadConfig();
installTemporalRuntime(createLogger({ service: 'crash-after-submit-worker', level: 'warn' }));
const pool = createPool(config.database.url);
const venues = new VenueRegistry(config);
const orderActivities = createOrderActivities({ pool, venues, config, resend });
const connection = await NativeConnection.connect({ address: config.temporal.address });
const worker = await Worker.create({
  connection,
  namespace: config.temporal.namespace,
  taskQueue,
  workflowBundle: { codePath: bundlePath },
  activities: {
    ...activitiesForQueue(TASK_QUEUES.orders, { pool, config, venues }),
    ...orderActivities,
    submitOrder: async (...args: Parameters<typeof orderActivities.submitOrder>) => {
      const result = await orderActivities.submitOrder(...args);
      if (!existsSync(crashOnceFile)) {
        writeFileSync(crashOnceFile, `${result.order.venueOrderId}\n`);
        process.stdout.write(`crashing after submitOrder (venue order ${result.order.venueOrderId})\n`);
        process.kill(process.pid, 'SIGKILL');
      }
      return result;
    },
  },
  interceptors: keelWorkerInterceptors(),
});
process.stdout.write('crash-after-submit worker running\n');
await worker.run();
