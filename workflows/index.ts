// Every workflow Keel's workers host; the worker bundles this file for the workflow sandbox.
export { orderLifecycle } from './order-lifecycle.js';
export { systemCheck } from './system-check.js';
export { deskControl } from './desk-control.js';
export { reconcile } from './reconcile.js';
export { burnIn } from './burn-in.js';
export { dailyExport } from './daily-export.js';
export { scheduledExport } from './scheduled-export.js';
export { exportHealth } from './export-health.js';
