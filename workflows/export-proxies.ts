import { proxyActivities } from '@temporalio/workflow';
import type { ExportActivities } from '../activities/export/export-activities.js';

/** Steps that read or write whole packages: long, heartbeating, retried with backoff. */
export const packageSteps = proxyActivities<ExportActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
});

/** Steps on one directory (a rename, a few fsyncs): quick, so a lost worker is noticed soon. */
export const quickSteps = proxyActivities<ExportActivities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '30 seconds',
    maximumAttempts: 10,
  },
});

/** Webhook deliveries (notices, alerts): short calls, retried for a while when the receiver is down. */
export const webhookCalls = proxyActivities<ExportActivities>({
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 10,
  },
});
