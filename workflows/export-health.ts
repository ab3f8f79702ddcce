import { ApplicationFailure, upsertSearchAttributes } from '@temporalio/workflow';
import type { DeliveryHealthReport, ExportHealthInput } from '../contracts/export.js';
import { addDays } from '../domain/export/package-layout.js';
import { packageSteps, webhookCalls } from './export-proxies.js';
import { causeMessage } from './failure-message.js';
import { KeelKind, KeelStatus } from '../contracts/search-attributes.js';
import { FAILURE } from '../contracts/failures.js';

/**
 * The delivery-health check: for each account, a package for every checked day by its deadline, no
 * schema-failure spike, every published package still verifying. Each finding is one alert, keyed
 * by kind, account and day so a receiver sees it once however often the check runs.
 */
export async function exportHealth(input: ExportHealthInput): Promise<DeliveryHealthReport[]> {
  upsertSearchAttributes([
    { key: KeelKind, value: 'export-health' },
    { key: KeelStatus, value: 'RUNNING' },
  ]);
  const now = Date.now();
  const yesterday = addDays(new Date(now).toISOString().slice(0, 10), -1);
  const checkDates =
    input.checkDates ??
    Array.from({ length: input.lookbackDays }, (_, k) => addDays(yesterday, k - input.lookbackDays + 1));
  const reports: DeliveryHealthReport[] = [];
  const undelivered: string[] = [];
  for (const account of input.accounts) {
    const report = await packageSteps.checkExportDeliveryHealth({ account, checkDates, now });
    for (const alert of report.alerts) {
      // One alert the receiver refuses must not keep the others (or the other accounts) unchecked.
      await webhookCalls
        .sendExportAlert({
          ...alert.details,
          kind: alert.kind,
          account: alert.account,
          severity: alert.severity,
          summary: alert.summary,
          date: alert.date,
          deadline: alert.deadline,
          idempotencyKey: `${alert.kind}-${alert.account}-${alert.date}`,
          time: new Date(now).toISOString(),
        })
        .catch((error: unknown) => {
          undelivered.push(`${alert.kind} ${alert.account} ${alert.date}: ${causeMessage(error)}`);
        });
    }
    reports.push(report);
  }
  if (undelivered.length > 0) {
    upsertSearchAttributes([{ key: KeelStatus, value: 'ALERT_UNDELIVERED' }]);
    throw ApplicationFailure.nonRetryable(
      `${undelivered.length} delivery-health alert(s) could not be delivered: ${undelivered.join('; ')}`,
      FAILURE.exportAlertUndelivered,
    );
  }
  upsertSearchAttributes([
    { key: KeelStatus, value: reports.some((report) => report.alerts.length > 0) ? 'ALERTED' : 'HEALTHY' },
  ]);
  return reports;
}
