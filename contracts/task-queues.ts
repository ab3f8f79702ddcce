/**
 * Keel's task queues. Each groups workflows and activities that scale together; a worker process
 * hosts the queues it is given (default: all of them).
 */
export const TASK_QUEUES = {
  /** Platform workflows: stack checks and other housekeeping. */
  system: 'keel-system',
  /** Order lifecycles: risk decision, venue calls, the ledger. */
  orders: 'keel-orders',
  /** Desk control: each account's mode, breakers, mass cancel. */
  desk: 'keel-desk',
  /** Reconciliation of ledger against venue: start-up, scheduled and on-demand runs. */
  reconcile: 'keel-reconcile',
  /** Paper burn-ins: the run's decision steps, clock and report (its orders run on keel-orders). */
  burnIn: 'keel-burn-in',
  /** Daily export packages: build, validate, publish, verify, retention, delivery health. */
  export: 'keel-export',
} as const;

export type TaskQueueName = (typeof TASK_QUEUES)[keyof typeof TASK_QUEUES];

export const ALL_TASK_QUEUES: readonly string[] = Object.values(TASK_QUEUES);
