import type { Pool } from 'pg';

/** One recorded attempt to send an order: what the venue was told about its timing. */
export interface SubmissionAttempt {
  attempt: number;
  /** The request's `timestamp` (epoch ms, the worker's clock). */
  requestTimestamp: number;
  recvWindowMs: number;
}

/** Every earlier attempt to send this order that the venue did not refuse, oldest first. */
export async function submissionAttempts(pool: Pool, clientOrderId: string): Promise<SubmissionAttempt[]> {
  const { rows } = await pool.query<{ attempt: number; request_timestamp: Date; recv_window_ms: number }>(
    `SELECT attempt, request_timestamp, recv_window_ms FROM order_submission_attempts
     WHERE client_order_id = $1 AND refused_at IS NULL ORDER BY attempt`,
    [clientOrderId],
  );
  return rows.map((row) => ({
    attempt: row.attempt,
    requestTimestamp: row.request_timestamp.getTime(),
    recvWindowMs: row.recv_window_ms,
  }));
}

/** Records the next attempt before its request goes out; the number it got. */
export async function recordSubmissionAttempt(
  pool: Pool,
  clientOrderId: string,
  timing: { requestTimestamp: number; recvWindowMs: number },
): Promise<number> {
  const { rows } = await pool.query<{ attempt: number }>(
    `INSERT INTO order_submission_attempts (client_order_id, attempt, request_timestamp, recv_window_ms)
     SELECT $1, coalesce(max(attempt), 0) + 1, $2, $3 FROM order_submission_attempts WHERE client_order_id = $1
     RETURNING attempt`,
    [clientOrderId, new Date(timing.requestTimestamp), timing.recvWindowMs],
  );
  return rows[0]!.attempt;
}

/** The venue refused this attempt outright: it can never be accepted later, so it holds no fence up. */
export async function markSubmissionAttemptRefused(
  pool: Pool,
  clientOrderId: string,
  attempt: number,
): Promise<void> {
  await pool.query(
    'UPDATE order_submission_attempts SET refused_at = now() WHERE client_order_id = $1 AND attempt = $2',
    [clientOrderId, attempt],
  );
}
