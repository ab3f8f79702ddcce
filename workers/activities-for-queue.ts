import type { Pool } from '../store/db.js';
import { createBurnInActivities } from '../activities/burn-in/burn-in-activities.js';
import { createExportActivities } from '../activities/export/export-activities.js';
import { createDeskActivities } from '../activities/desk/desk-activities.js';
import { createReconcileActivities } from '../activities/reconcile/reconcile-activities.js';
import { createOrderActivities } from '../activities/orders/order-activities.js';
import { createSystemCheckActivities } from '../activities/system-check.js';
import type { VenueRegistry } from '../venues/venue-registry.js';
import type { KeelConfig } from '../config/schema.js';
import { TASK_QUEUES } from '../contracts/task-queues.js';

/** What activities need from the process that hosts them. */
export interface ActivityDependencies {
  pool: Pool;
  config: KeelConfig;
  venues: VenueRegistry;
}

/** The activities each task queue's worker registers. */
export function activitiesForQueue(
  queue: string,
  deps: ActivityDependencies,
): Record<string, (...args: never[]) => Promise<unknown>> {
  switch (queue) {
    case TASK_QUEUES.system:
      return createSystemCheckActivities(deps);
    case TASK_QUEUES.orders:
      return createOrderActivities(deps);
    case TASK_QUEUES.desk:
      return createDeskActivities(deps);
    case TASK_QUEUES.reconcile:
      return createReconcileActivities(deps);
    case TASK_QUEUES.burnIn:
      return createBurnInActivities(deps);
    case TASK_QUEUES.export:
      return createExportActivities(deps);
    default:
      throw new Error(`no activities are defined for task queue "${queue}"`);
  }
}
