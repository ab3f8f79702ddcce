import { workflowInfo, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { resolveCorrelationId, withCorrelationId } from '../contracts/correlation.js';

/**
 * Correlation ids across workflow boundaries (bundled by workers/run-worker.ts as the workflow
 * interceptor module). The id arrives in the start's `keel-correlation-id` header — set by Keel's
 * client, or by the parent / previous run through this module — and leaves on every activity,
 * local activity, child workflow, external signal and continue-as-new this workflow schedules, so
 * an order a burn-in starts carries the burn-in's id. A start without the header (a Schedule's
 * fire) uses the workflow id: deterministic, so replay schedules the same headers. Workflow `log`
 * lines carry it as `correlationId`.
 *
 * Headers are not part of the commands the replayer compares, so recorded histories replay as before.
 */
export const interceptors: WorkflowInterceptorsFactory = () => {
  // Per workflow execution: the factory runs once per run.
  let correlationId: string | undefined;
  const current = (): string => correlationId ?? workflowInfo().workflowId;
  return {
    inbound: [
      {
        execute(input, next) {
          correlationId = resolveCorrelationId(input.headers, workflowInfo().workflowId);
          return next(input);
        },
      },
    ],
    outbound: [
      {
        scheduleActivity: (input, next) =>
          next({ ...input, headers: withCorrelationId(input.headers, current()) }),
        scheduleLocalActivity: (input, next) =>
          next({ ...input, headers: withCorrelationId(input.headers, current()) }),
        startChildWorkflowExecution: (input, next) =>
          next({ ...input, headers: withCorrelationId(input.headers, current()) }),
        signalWorkflow: (input, next) =>
          next({ ...input, headers: withCorrelationId(input.headers, current()) }),
        continueAsNew: (input, next) =>
          next({ ...input, headers: withCorrelationId(input.headers, current()) }),
        getLogAttributes: (input, next) => next({ ...input, correlationId: current() }),
      },
    ],
  };
};
