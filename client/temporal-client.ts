import { Client, Connection } from '@temporalio/client';
import type { KeelConfig } from '../config/schema.js';

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

export async function connectClient(config: KeelConfig): Promise<Client> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address: config.temporal.address, connectTimeout: 5_000 });
  } catch (error) {
    throw new TemporalUnavailableError(config.temporal.address, error);
  }
  return new Client({ connection, namespace: config.temporal.namespace });
}

/** The Web UI page of one workflow execution. */
export function workflowUiUrl(config: KeelConfig, workflowId: string, runId?: string): string {
  const base = `${config.temporal.uiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}/history` : base;
}
