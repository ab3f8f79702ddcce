import { Context } from '@temporalio/activity';
import type { CompletedSystemCheck } from '../contracts/system-check.js';
import type { Pool } from '../store/db.js';
import { schemaStatus } from '../store/migrations.js';
import { pingDatabase } from '../store/pool.js';
import { completeSystemCheck, insertSystemCheck, recordSamplesTaken } from '../store/system-checks.js';
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

/**
 * Activities of the stack check: each writes under the check id (the workflow id), so a retry
 * after a crash rewrites the same row instead of adding one.
 */
export function createSystemCheckActivities(deps: { pool: Pool }) {
  const { pool } = deps;
  return {
    async beginSystemCheck(input: BeginSystemCheckInput): Promise<void> {
      await insertSystemCheck(pool, input);
    },

    /** Measures database round trips; heartbeats each sample so a dead worker is noticed quickly. */
    async sampleDatabaseLatency(input: SampleDatabaseInput): Promise<LatencySummary> {
      const context = Context.current();
      const latencies: number[] = [];
      for (let sample = 0; sample < input.samples; sample++) {
        const started = performance.now();
        await pingDatabase(pool);
        latencies.push(performance.now() - started);
        context.heartbeat({ sample });
        if (sample < input.samples - 1 && input.intervalMs > 0) await context.sleep(input.intervalMs);
      }
      await recordSamplesTaken(pool, input.checkId, latencies.length);
      return summariseLatencies(latencies);
    },

    async completeSystemCheck(input: {
      checkId: string;
      latency: LatencySummary;
    }): Promise<CompletedSystemCheck> {
      const { current } = await schemaStatus(pool);
      const completedAt = await completeSystemCheck(pool, {
        checkId: input.checkId,
        p50Ms: input.latency.p50Ms,
        maxMs: input.latency.maxMs,
        schemaVersion: current,
      });
      if (!completedAt)
        throw new Error(`system check ${input.checkId} has no row; beginSystemCheck must run first`);
      return {
        checkId: input.checkId,
        schemaVersion: current,
        latency: input.latency,
        completedAt: completedAt.toISOString(),
      };
    },
  };
}

export type SystemCheckActivities = ReturnType<typeof createSystemCheckActivities>;
