import { log, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { SystemCheckActivities } from '../activities/system-check.js';
import type { SystemCheckInput, SystemCheckResult } from '../contracts/system-check.js';

const { beginSystemCheck, sampleDatabaseLatency, completeSystemCheck } =
  proxyActivities<SystemCheckActivities>({
    startToCloseTimeout: '5 minutes',
    heartbeatTimeout: '30 seconds',
    retry: {
      initialInterval: '500 ms',
      backoffCoefficient: 2,
      maximumInterval: '10 seconds',
      maximumAttempts: 10,
    },
  });

/**
 * The stack check: proves a worker picks up work, activities reach PostgreSQL, and the result is
 * recorded — the smallest complete trip through Keel's machinery.
 */
export async function systemCheck(input: SystemCheckInput): Promise<SystemCheckResult> {
  const { workflowId, taskQueue } = workflowInfo();
  await beginSystemCheck({ checkId: workflowId, requestedBy: input.requestedBy, samples: input.samples });
  const latency = await sampleDatabaseLatency({
    checkId: workflowId,
    samples: input.samples,
    intervalMs: input.intervalMs,
  });
  const completed = await completeSystemCheck({ checkId: workflowId, latency });
  log.info('system check completed', { p50Ms: latency.p50Ms, schemaVersion: completed.schemaVersion });
  return { ...completed, workflowId, taskQueue };
}
