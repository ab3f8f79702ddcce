import type { Pool } from 'pg';

/** Starts a check's row; a retry under the same check id changes nothing. */
export async function insertSystemCheck(
  pool: Pool,
  check: { checkId: string; requestedBy: string; samples: number },
): Promise<void> {
  await pool.query(
    `INSERT INTO system_checks (check_id, requested_by, status, samples_requested)
         VALUES ($1, $2, 'running', $3)
         ON CONFLICT (check_id) DO NOTHING`,
    [check.checkId, check.requestedBy, check.samples],
  );
}

export async function recordSamplesTaken(pool: Pool, checkId: string, samplesTaken: number): Promise<void> {
  await pool.query('UPDATE system_checks SET samples_taken = $2 WHERE check_id = $1', [
    checkId,
    samplesTaken,
  ]);
}

/**
 * Marks a check completed with its latency and schema version; returns when it completed (the first
 * completion's time on a retry), or null when the check has no row.
 */
export async function completeSystemCheck(
  pool: Pool,
  check: { checkId: string; p50Ms: number; maxMs: number; schemaVersion: string | null },
): Promise<Date | null> {
  const result = await pool.query<{ completed_at: Date }>(
    `UPDATE system_checks
            SET status = 'completed', latency_p50_ms = $2, latency_max_ms = $3, schema_version = $4,
                completed_at = COALESCE(completed_at, now())
          WHERE check_id = $1
        RETURNING completed_at`,
    [check.checkId, check.p50Ms, check.maxMs, check.schemaVersion],
  );
  return result.rows[0]?.completed_at ?? null;
}
