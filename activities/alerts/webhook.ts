import { ApplicationFailure } from '@temporalio/common';
import { FAILURE } from '../../contracts/failures.js';

/** One alert as operators receive it: a kind, the account, what happened, and the fields of the event. */
export interface Alert {
  kind: string;
  account: string;
  severity: 'info' | 'warn' | 'critical';
  summary: string;
  /** Unique per event: receivers de-duplicate retried deliveries by it. */
  idempotencyKey: string;
  time: string;
  [field: string]: unknown;
}

export type AlertDelivery = { delivered: true; status: number } | { delivered: false; reason: string };

const TIMEOUT_MS = 5_000;

/**
 * POSTs the alert as JSON. A receiver that answers non-2xx or not at all fails the attempt (the
 * activity retries); a 4xx other than 408/429 will not get better and fails for good.
 */
export async function deliverAlert(webhookUrl: string | undefined, alert: Alert): Promise<AlertDelivery> {
  if (!webhookUrl) return { delivered: false, reason: 'no webhook configured (alerts.webhookUrl)' };
  let response: Response;
  try {
    response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': alert.idempotencyKey },
      body: JSON.stringify(alert),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw ApplicationFailure.retryable(
      `alert webhook unreachable: ${error instanceof Error ? error.message : String(error)}`,
      FAILURE.alertUndelivered,
    );
  }
  await response.body?.cancel();
  if (response.ok) return { delivered: true, status: response.status };
  const message = `alert webhook answered ${response.status}`;
  if (response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status))
    throw ApplicationFailure.nonRetryable(message, FAILURE.alertRefused);
  throw ApplicationFailure.retryable(message, FAILURE.alertUndelivered);
}
