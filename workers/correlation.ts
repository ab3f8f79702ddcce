import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { ActivityInterceptorsFactory, WorkerInterceptors } from '@temporalio/worker';
import { resolveCorrelationId } from '../contracts/correlation.js';
import { correlationInterceptors } from '../client/temporal-client.js';

/** The correlation id of the activity whose code is running (its async context). */
const activityCorrelation = new AsyncLocalStorage<string>();

/** The running activity's correlation id; undefined outside an activity. */
export function currentActivityCorrelationId(): string | undefined {
  return activityCorrelation.getStore();
}

/**
 * Reads the `keel-correlation-id` header the workflow put on the activity (its workflow id when
 * the header is missing, as the workflow itself falls back) and adds it as `correlationId` to every
 * `Context.current().log` line and to the SDK's own activity lines. Only "Activity started" goes
 * out without it: the SDK logs it before any interceptor sees the headers.
 */
export const correlationActivityInterceptor: ActivityInterceptorsFactory = (context) => {
  let correlationId: string | undefined;
  return {
    inbound: {
      execute: (input, next) => {
        correlationId = resolveCorrelationId(
          input.headers,
          context.info.workflowExecution?.workflowId ?? `activity-${context.info.activityId}`,
        );
        return activityCorrelation.run(correlationId, () => next(input));
      },
    },
    outbound: {
      getLogAttributes: (input, next) => next(correlationId ? { ...input, correlationId } : input),
    },
  };
};

/**
 * Keel's worker interceptors: workflows are intercepted by the bundled module
 * (workflows/interceptors.ts, see bundleWorkflows); activities get their correlation id on every
 * log line; and the client the worker gives activities (`Context.current().client`) stamps the
 * running activity's id on each workflow it starts, so an order a reconciliation adopts or a desk
 * starts carries the id of the request that led to it.
 */
export function keelWorkerInterceptors(): WorkerInterceptors {
  return {
    activity: [correlationActivityInterceptor],
    client: correlationInterceptors(() => currentActivityCorrelationId() ?? randomUUID()),
  };
}
