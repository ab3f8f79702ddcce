import type { BurnInHeartbeat } from '../../contracts/burn-in/burn-in-workflow.js';

const beats = new Map<string, BurnInHeartbeat>();

/** Burn-ins whose steps ran in this worker, newest beat per run. */
export function burnInHeartbeats(): BurnInHeartbeat[] {
  return [...beats.values()];
}

export function beat(heartbeat: Omit<BurnInHeartbeat, 'rssBytes' | 'heapUsedBytes' | 'at'>): BurnInHeartbeat {
  const memory = process.memoryUsage();
  const full = {
    ...heartbeat,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    at: new Date().toISOString(),
  };
  beats.set(heartbeat.runId, full);
  return full;
}

export function forgetBurnIn(runId: string): void {
  beats.delete(runId);
}
