/**
 * How a burn-in's end (finishBurnIn: trades, metrics, gates, the report) is retried. The end is the
 * run's whole result, so it outlasts a long database or venue outage rather than ending the run
 * unreported: attempts back off to one a minute and go on for up to six hours; only then does the
 * workflow fail, its history naming the last error (docs/runbook.md: a burn-in that ended ERROR).
 */
export const BURN_IN_FINISH_RETRY = {
  startToCloseTimeout: '10 minutes',
  scheduleToCloseTimeout: '6 hours',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
