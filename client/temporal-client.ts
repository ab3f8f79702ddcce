import { randomUUID } from 'node:crypto';
import {
  Client,
  Connection,
  type ClientInterceptors,
  type WorkflowClientInterceptor,
} from '@temporalio/client';
import type { KeelConfig } from '../config/schema.js';
import { withCorrelationId } from '../contracts/correlation.js';

/** Raised when the Temporal frontend cannot be reached; names the address and the fix. */
export class TemporalUnavailableError extends Error {
  constructor(address: string, cause: unknown) {
    super(
      `cannot reach Temporal at ${address}: ${(cause as Error)?.message ?? String(cause)}. ` +
        'Fix: start the embedded stack with `keel dev up`, or set TEMPORAL_ADDRESS to a reachable frontend.',
      { cause },
    );
    this.name = 'TemporalUnavailableError';
  }
}

/**
 * Puts a correlation id in the `keel-correlation-id` header of every workflow start (start,
 * signal-with-start, update-with-start) made through the client. `correlationIdFor` is asked once
 * per start. Schedules are not intercepted: a header on the Schedule's action would give every fire
 * the creator's id, so a fire uses its own workflow id instead (workflows/interceptors.ts).
 */
export class CorrelationClientInterceptor implements WorkflowClientInterceptor {
  constructor(private readonly correlationIdFor: () => string) {}

  startWithDetails: NonNullable<WorkflowClientInterceptor['startWithDetails']> = (input, next) =>
    next({ ...input, headers: withCorrelationId(input.headers, this.correlationIdFor()) });

  signalWithStart: NonNullable<WorkflowClientInterceptor['signalWithStart']> = (input, next) =>
    next({ ...input, headers: withCorrelationId(input.headers, this.correlationIdFor()) });

  startUpdateWithStart: NonNullable<WorkflowClientInterceptor['startUpdateWithStart']> = (input, next) =>
    next({
      ...input,
      workflowStartHeaders: withCorrelationId(input.workflowStartHeaders, this.correlationIdFor()),
    });
}

/** Client interceptors stamping `correlationIdFor()` on every workflow start. */
export function correlationInterceptors(correlationIdFor: () => string): ClientInterceptors {
  return { workflow: [new CorrelationClientInterceptor(correlationIdFor)] };
}

const clientCorrelationIds = new WeakMap<Client, string>();

/** The correlation id `connectClient` gave `client` (undefined for a client made elsewhere). */
export function correlationIdOfClient(client: Client): string | undefined {
  return clientCorrelationIds.get(client);
}

export interface ConnectOptions {
  /**
   * The id every workflow this client starts carries (and so every log line of that work); one
   * client = one request, e.g. one CLI invocation. Default: a new random UUID.
   */
  correlationId?: string;
}

export async function connectClient(config: KeelConfig, options: ConnectOptions = {}): Promise<Client> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: config.temporal.address, connectTimeout: 5_000 });
  } catch (error) {
    throw new TemporalUnavailableError(config.temporal.address, error);
  }
  const correlationId = options.correlationId ?? randomUUID();
  const client = new Client({
    connection,
    namespace: config.temporal.namespace,
    interceptors: correlationInterceptors(() => correlationId),
  });
  clientCorrelationIds.set(client, correlationId);
  return client;
}

/** The Web UI page of one workflow execution. */
export function workflowUiUrl(config: KeelConfig, workflowId: string, runId?: string): string {
  const base = `${config.temporal.uiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}/history` : base;
}
