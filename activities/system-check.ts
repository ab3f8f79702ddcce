import { Context } from '@temporalio/activity';
import type { Pool } from '../store/db.js';
import { schemaStatus } from '../store/migrations.js';
import { summariseLatencies, type LatencySummary } from '../domain/latency-summary.js';

export interface BeginSystemCheckInput {
  checkId: string;
  requestedBy: string;
  samples: number;
}

export interface SampleDatabaseInput {
  checkId: string;
  samples: number;
  intervalMs: number;
}

export interface CompletedSystemCheck {
  checkId: string;
  schemaVersion: string | null;
  latency: LatencySummary;
  completedAt: string;
}

/**
 * Activities of the stack check: each writes under the check id (the workflow id), so a retry
 * after a crash rewrites the same row instead of adding one.
 */
export function createSystemCheckActivities(deps: { pool: Pool }) {
  const { pool } = deps;
  return {
    async beginSystemCheck(input: BeginSystemCheckInput): Promise<void> {
      await pool.query(
        `INSERT INTO system_checks (check_id, requested_by, status, samples_requested)
         VALUES ($1, $2, 'running', $3)
         ON CONFLICT (check_id) DO NOTHING`,
        [input.checkId, input.requestedBy, input.samples],
      );
    },

    /** Measures database round trips; heartbeats each sample so a dead worker is noticed quickly. */
    async sampleDatabaseLatency(input: SampleDatabaseInput): Promise<LatencySummary> {
      const context = Context.current();
      const latencies: number[] = [];
      for (let sample = 0; sample < input.samples; sample++) {
        const started = performance.now();
        await pool.query('SELECT 1');
        latencies.push(performance.now() - started);
        context.heartbeat({ sample });
        if (sample < input.samples - 1 && input.intervalMs > 0) await context.sleep(input.intervalMs);
      }
      await pool.query('UPDATE system_checks SET samples_taken = $2 WHERE check_id = $1', [
        input.checkId,
        latencies.length,
      ]);
      return summariseLatencies(latencies);
    },

    async completeSystemCheck(input: {
      checkId: string;
      latency: LatencySummary;
    }): Promise<CompletedSystemCheck> {
      const { current } = await schemaStatus(pool);
      const result = await pool.query<{ completed_at: Date }>(
        `UPDATE system_checks
            SET status = 'completed', latency_p50_ms = $2, latency_max_ms = $3, schema_version = $4,
                completed_at = COALESCE(completed_at, now())
          WHERE check_id = $1
        RETURNING completed_at`,
        [input.checkId, input.latency.p50Ms, input.latency.maxMs, current],
      );
      const row = result.rows[0];
      if (!row) throw new Error(`system check ${input.checkId} has no row; beginSystemCheck must run first`);
      return {
        checkId: input.checkId,
        schemaVersion: current,
        latency: input.latency,
        completedAt: row.completed_at.toISOString(),
      };
    },
  };
}

export type SystemCheckActivities = ReturnType<typeof createSystemCheckActivities>;
