import { ApplicationFailure, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { parseExportDate } from '../domain/export/package-layout.js';
import { packageSteps, quickSteps, webhookCalls } from './export-proxies.js';
import { causeMessage } from './failure-message.js';
import { KeelAccount, KeelKind, KeelStatus } from '../contracts/search-attributes.js';
import type { DailyExportInput, DailyExportResult } from '../contracts/export.js';
import { FAILURE } from '../contracts/failures.js';

/** A day's data can still change while its package is built (late fills); after this many rebuilds the export gives up. */
const MAX_BUILDS = 3;

/**
 * The audit package of one account and one UTC day: build it in a staging directory, validate every
 * file against its schema and the database, publish it with one atomic rename, verify the published
 * copy, apply retention, and tell the consumers. A package is complete and verified, or absent.
 */
export async function dailyExport(input: DailyExportInput): Promise<DailyExportResult> {
  const day = parseExportDate(input.date);
  if (!day.ok) throw ApplicationFailure.nonRetryable(`date: ${day.message}`, FAILURE.exportBadInput);
  const date = day.date;
  const scope = { account: input.account, date, start: day.startMs, end: day.endMs };
  const { workflowId, runId } = workflowInfo();
  upsertSearchAttributes([
    { key: KeelKind, value: 'export' },
    { key: KeelAccount, value: input.account },
    { key: KeelStatus, value: 'RUNNING' },
  ]);

  let built = await packageSteps.buildExportPackage({ ...scope, buildId: `${workflowId}-${runId}-1` });
  for (let build = 1; ; build++) {
    const validation = await packageSteps.validateExportPackage({ ...scope, stagingDir: built.stagingDir });
    if (validation.ok) break;
    if (!validation.dataChanged || build >= MAX_BUILDS) {
      const undelivered = await alert(
        'export.invalid',
        `package failed validation: ${validation.problems.slice(0, 3).join('; ')}`,
        {
          problems: validation.problems,
          builds: build,
        },
      );
      upsertSearchAttributes([{ key: KeelStatus, value: 'INVALID' }]);
      throw ApplicationFailure.nonRetryable(
        `the package of ${input.account} ${day.date} failed validation: ${validation.problems.join('; ')}${undelivered}`,
        FAILURE.exportInvalid,
      );
    }
    built = await packageSteps.buildExportPackage({
      ...scope,
      buildId: `${workflowId}-${runId}-${build + 1}`,
    });
  }

  const published = await quickSteps.publishExportPackage({
    account: input.account,
    date: day.date,
    stagingDir: built.stagingDir,
    manifestHash: built.manifestHash,
    packageId: built.packageId,
  });
  const verification = await packageSteps.verifyPublishedPackage({
    account: input.account,
    path: published.path,
  });
  if (!verification.ok) {
    const undelivered = await alert(
      'export.verify_failed',
      `published package ${published.packageId} did not verify and was quarantined to ${verification.quarantinedTo}: ${verification.problems.slice(0, 3).join('; ')}`,
      { problems: verification.problems, quarantinedTo: verification.quarantinedTo },
    );
    upsertSearchAttributes([{ key: KeelStatus, value: 'QUARANTINED' }]);
    throw ApplicationFailure.nonRetryable(
      `the published package ${published.path} did not verify: ${verification.problems.join('; ')}${undelivered}`,
      FAILURE.exportVerifyFailed,
    );
  }

  const retention = await packageSteps.applyExportRetention({ account: input.account });
  const notice = await webhookCalls.notifyExportPublished({
    kind: 'export.published',
    account: input.account,
    severity: 'info',
    summary: `${input.account} ${day.date}: package ${published.packageId} published at ${published.path}`,
    idempotencyKey: `export-published-${published.packageId}-r${published.revision}`,
    time: new Date().toISOString(),
    date: day.date,
    packageId: published.packageId,
    revision: published.revision,
    path: published.path,
    manifestHash: published.manifestHash,
    files: verification.files.map((file) => ({ name: file.name, sha256: file.sha256 })),
  });
  upsertSearchAttributes([
    { key: KeelStatus, value: published.alreadyPublished ? 'UNCHANGED' : 'PUBLISHED' },
  ]);
  return {
    account: input.account,
    date: day.date,
    path: published.path,
    packageId: published.packageId,
    manifestHash: published.manifestHash,
    revision: published.revision,
    alreadyPublished: published.alreadyPublished,
    verified: true,
    files: verification.files.map((file) => ({
      name: file.name,
      sha256: file.sha256,
      rows: built.rows[file.name] ?? null,
    })),
    bytes: built.bytes,
    retentionRemoved: retention.removed,
    notified: notice.delivered,
    notifySkippedReason: notice.delivered ? null : notice.reason,
  };

  /**
   * Sends the alert; '' when delivered, else a note for the failure message. An alert the receiver
   * refuses must not hide why the export failed: the workflow still fails with its own reason.
   */
  async function alert(kind: string, summary: string, details: Record<string, unknown>): Promise<string> {
    return webhookCalls
      .sendExportAlert({
        kind,
        account: input.account,
        severity: 'critical',
        summary: `${input.account} ${date}: ${summary}`,
        idempotencyKey: `${kind}-${workflowId}-${runId}`,
        time: new Date().toISOString(),
        date,
        ...details,
      })
      .then(
        () => '',
        (error: unknown) => ` (the ${kind} alert was not delivered: ${causeMessage(error)})`,
      );
  }
}
