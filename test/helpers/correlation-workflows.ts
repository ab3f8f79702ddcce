/**
 * Small workflows for the correlation-id test (test/integration/correlation.workflow.test.ts),
 * bundled with workflows/interceptors.ts: every way work leaves a workflow, each reporting the
 * correlation id the activity it reaches sees.
 */
import {
  continueAsNew,
  executeChild,
  log,
  proxyActivities,
  proxyLocalActivities,
  workflowInfo,
} from '@temporalio/workflow';

export interface CorrelationActivities {
  /** The correlation id the activity runs under. */
  correlationIdSeen(): Promise<string>;
  /** Starts `correlationChild` through the worker's client (as reconciliation adopts an order) and waits for it. */
  startChildViaClient(workflowId: string, taskQueue: string): Promise<string>;
}

const activities = proxyActivities<CorrelationActivities>({ startToCloseTimeout: '30 seconds' });
const local = proxyLocalActivities<CorrelationActivities>({ startToCloseTimeout: '10 seconds' });

export interface CorrelationSeen {
  activity: string;
  localActivity: string;
  child: string;
  clientStartedChild: string;
}

/** Continues as new once, then reaches an activity, a local activity, a child and a child an activity starts. */
export async function correlationParent(round = 0): Promise<CorrelationSeen> {
  const { workflowId, taskQueue } = workflowInfo();
  if (round === 0) {
    log.info('correlation parent continuing as new');
    return continueAsNew<typeof correlationParent>(1);
  }
  log.info('correlation parent running');
  return {
    activity: await activities.correlationIdSeen(),
    localActivity: await local.correlationIdSeen(),
    child: await executeChild(correlationChild, { workflowId: `${workflowId}-child` }),
    clientStartedChild: await activities.startChildViaClient(`${workflowId}-client-child`, taskQueue),
  };
}

export async function correlationChild(): Promise<string> {
  return activities.correlationIdSeen();
}
