// A worker process for crash tests: it hosts the export activities on CRASH_TASK_QUEUE and kills
// itself with SIGKILL the moment the activity named CRASH_AFTER_ACTIVITY has done its work — after its
// side effects, before Temporal hears it completed, the most hostile point between two steps.
import { NativeConnection, Worker } from '@temporalio/worker';
import { createExportActivities } from '../../activities/export/export-activities.js';
import { loadConfig } from '../../config/load.js';
import { createPool } from '../../store/pool.js';
import { createLogger } from '../../lib/logger.js';
import { installTemporalRuntime } from '../../workers/run-worker.js';

const crashAfter = process.env.CRASH_AFTER_ACTIVITY;
const taskQueue = process.env.CRASH_TASK_QUEUE;
const bundlePath = process.env.CRASH_WORKFLOW_BUNDLE;
if (!crashAfter || !taskQueue || !bundlePath)
  throw new Error('set CRASH_AFTER_ACTIVITY, CRASH_TASK_QUEUE and CRASH_WORKFLOW_BUNDLE');

const config = loadConfig();
installTemporalRuntime(createLogger({ service: 'crashing-export-worker', level: 'warn' }));
const pool = createPool(config.database.url);
const connection = await NativeConnection.connect({ address: config.temporal.address });
const worker = await Worker.create({
  connection,
  namespace: config.temporal.namespace,
  taskQueue,
  workflowBundle: { codePath: bundlePath },
  activities: createExportActivities({ pool, config }),
  interceptors: {
    activity: [
      (context) => ({
        inbound: {
          async execute(input, next) {
            const result: unknown = await next(input);
            if (context.info.activityType === crashAfter) {
              process.stdout.write(`crashing after ${crashAfter}\n`);
              process.kill(process.pid, 'SIGKILL');
            }
            return result;
          },
        },
      }),
    ],
  },
});
process.stdout.write('crashing worker running\n');
await worker.run();
