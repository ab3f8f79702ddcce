import {
  ApplicationFailure,
  executeChild,
  patched,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { addDays } from '../domain/export/package-layout.js';
import { dailyExport } from './daily-export.js';
import type { DailyExportResult, ScheduledExportInput } from '../contracts/export.js';
import { KeelAccount, KeelKind, KeelStatus } from '../contracts/search-attributes.js';
import { FAILURE } from '../contracts/failures.js';

/** Set by the server on every workflow a Schedule starts, backfills included: the time the action was due. */
const ScheduledStartTime = defineSearchAttributeKey(
  'TemporalScheduledStartTime',
  SearchAttributeType.DATETIME,
);

/**
 * What the export Schedule starts: the package of the UTC day before the fire time, as a child
 * `dailyExport` named after the day. A backfill fires with past times, so it exports past days the
 * same way.
 */
export async function scheduledExport(input: ScheduledExportInput): Promise<DailyExportResult> {
  const info = workflowInfo();
  const due = info.typedSearchAttributes.get(ScheduledStartTime) ?? info.startTime;
  const date = addDays(due.toISOString().slice(0, 10), -1);
  const outcome = await executeChild(dailyExport, {
    args: [{ account: input.account, date }],
    workflowId: `export-${input.account}-${date}-scheduled-${due.getTime()}`,
    typedSearchAttributes: [
      { key: KeelKind, value: 'export' },
      { key: KeelAccount, value: input.account },
      { key: KeelStatus, value: 'RUNNING' },
    ],
  }).catch((error: unknown) => {
    if (patched(STATUS_OF_CHILD)) upsertSearchAttributes([{ key: KeelStatus, value: failedStatus(error) }]);
    throw error;
  });
  if (patched(STATUS_OF_CHILD))
    upsertSearchAttributes([
      { key: KeelStatus, value: outcome.alreadyPublished ? 'UNCHANGED' : 'PUBLISHED' },
    ]);
  return outcome;
}

/** Histories recorded before this change left the parent's KeelStatus at RUNNING. */
const STATUS_OF_CHILD = 'scheduled-export-status-of-child';

/** The child's own status for its failure (see dailyExport), so one query finds either. */
function failedStatus(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof ApplicationFailure && cause.type === FAILURE.exportInvalid) return 'INVALID';
  if (cause instanceof ApplicationFailure && cause.type === FAILURE.exportVerifyFailed) return 'QUARANTINED';
  return 'FAILED';
}
