import type { Pool } from 'pg';
import { createSystemCheckActivities } from '../activities/system-check.js';
import { TASK_QUEUES } from './task-queues.js';

/** What activities need from the process that hosts them. */
export interface ActivityDependencies {
  pool: Pool;
}

/** The activities each task queue's worker registers. */
export function activitiesForQueue(
  queue: string,
  deps: ActivityDependencies,
): Record<string, (...args: never[]) => Promise<unknown>> {
  switch (queue) {
    case TASK_QUEUES.system:
      return createSystemCheckActivities(deps);
    default:
      throw new Error(`no activities are defined for task queue "${queue}"`);
  }
}
