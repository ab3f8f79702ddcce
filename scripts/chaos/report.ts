/** A chaos run's report and verdict: pure formatting of what the run measured. */
import type { AuditResult } from './audit.js';
import type { ComponentName } from './components.js';
import type { DriverResult } from './order-driver.js';
import type { SupervisorTally } from './supervisor.js';

export interface ChaosSettings {
  orders: number;
  rate: number;
  killEveryMs: number;
  duplicates: number;
  timeoutMs: number;
}

export interface ChaosResult {
  settings: ChaosSettings;
  account: string;
  driver: DriverResult | null;
  tally: SupervisorTally;
  audit: AuditResult | null;
  wallMs: number;
  /** Why the run stopped early (a timeout, a server that would not start), if it did. */
  error: string | null;
  /** Where every process's log and data still are, with --keep-state. */
  keptStateDir: string | null;
}

/** Findings no start-up reconciliation may ever make, in flight or not (as in the crash test). */
const NEVER = /ORPHAN_VENUE_ORDER|PHANTOM_FILL/;

const neverFindings = (audit: AuditResult) =>
  audit.findings.filter((finding) => NEVER.test(finding.kind) || finding.severity === 'critical');

/** In-flight drifts (expected while orders are in flight when a worker dies), by kind and severity. */
function findingCounts(audit: AuditResult): string {
  const byKind = new Map<string, number>();
  for (const finding of audit.findings) {
    const key = `${finding.kind} ${finding.severity}`;
    byKind.set(key, (byKind.get(key) ?? 0) + 1);
  }
  return [...byKind.entries()].map(([key, n]) => `${key} ${n}`).join(', ') || 'none';
}

/** Everything that makes the run fail; empty = PASS. */
export function verdict(result: ChaosResult): string[] {
  const failures: string[] = [];
  if (result.error) failures.push(`the run did not complete: ${result.error}`);
  const { driver, audit } = result;
  if (driver) {
    if (driver.notStarted.length) failures.push(`${driver.notStarted.length} orders never started`);
    if (driver.duplicatesStartedNew.length)
      failures.push(`${driver.duplicatesStartedNew.length} second submissions started a new workflow`);
  }
  if (!audit) return failures.length ? failures : ['no audit'];
  const duplicates = audit.venueOrders.duplicates.length;
  if (duplicates) failures.push(`${duplicates} client order ids have more than one venue order`);
  if (audit.venueOrders.foreign.length)
    failures.push(`${audit.venueOrders.foreign.length} venue orders with a client order id not of this run`);
  if (audit.venueOrders.filledButAbsent.length)
    failures.push(`${audit.venueOrders.filledButAbsent.length} FILLED orders absent at the venue`);
  if (audit.fills.lost.length) failures.push(`${audit.fills.lost.length} venue fills lost by the ledger`);
  if (audit.fills.phantom.length)
    failures.push(`${audit.fills.phantom.length} ledger fills not at the venue`);
  if (audit.nonTerminal.length) failures.push(`${audit.nonTerminal.length} orders left open`);
  if (counts(audit.statuses) !== counts(audit.ledgerStatuses))
    failures.push('workflow end statuses differ from the ledger statuses');
  if ('error' in audit.finalReconciliation)
    failures.push(`final reconciliation failed: ${audit.finalReconciliation.error}`);
  else if (audit.finalReconciliation.status !== 'CLEAN')
    failures.push(`final reconciliation ${audit.finalReconciliation.status}`);
  const never = audit.findings.filter(
    (finding) => NEVER.test(finding.kind) || finding.severity === 'critical',
  );
  if (never.length)
    failures.push(`${never.length} start-up reconciliation findings of an orphan, phantom or critical drift`);
  return failures;
}

const counts = (byStatus: Record<string, number>) =>
  Object.entries(byStatus)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([status, n]) => `${status} ${n}`)
    .join(', ') || 'none';

const perComponent = (values: Record<ComponentName, number>) =>
  (Object.entries(values) as [ComponentName, number][]).map(([name, n]) => `${name} ${n}`).join(', ');

/** At most `limit` items, then "… and N more". */
function some(items: string[], limit = 10): string {
  const shown = items.slice(0, limit).join('; ');
  return items.length > limit ? `${shown}; … and ${items.length - limit} more` : shown;
}

const line = (label: string, text: string) => `${label.padEnd(22)} ${text}`;

export function formatReport(result: ChaosResult): string {
  const { settings, driver, tally, audit } = result;
  const out: string[] = [
    `chaos run on account ${result.account}: ${settings.orders} market orders at ${settings.rate}/s, ` +
      `worker SIGKILLed every ${settings.killEveryMs} ms after it is back up, ${settings.duplicates} ids submitted twice`,
  ];
  if (driver) {
    out.push(
      line(
        'orders',
        `${driver.started + driver.joinedOnRetry} started (${driver.joinedOnRetry} of them found already started on a retry), ` +
          `${driver.notStarted.length} never started; start calls retried ${driver.retries} times`,
      ),
      line(
        'submitted twice',
        `${driver.duplicatesSent}: ${driver.duplicatesJoined} joined the first order, ` +
          `${driver.duplicatesStartedNew.length} started a new workflow${driver.duplicatesStartedNew.length ? ` (${some(driver.duplicatesStartedNew)})` : ''}`,
      ),
    );
    const reasons = Object.entries(driver.retryReasons).map(([reason, n]) => `${n}× ${reason}`);
    if (reasons.length) out.push(line('start retries, why', some(reasons, 4)));
  }
  out.push(line('kills', perComponent(tally.kills)), line('restarts', perComponent(tally.restarts)));
  const unplanned = Object.values(tally.unplannedExits).reduce((a, b) => a + b, 0);
  out.push(line('unplanned exits', unplanned ? perComponent(tally.unplannedExits) : 'none'));
  if (audit) {
    out.push(line('statuses', counts(audit.statuses)), line('ledger statuses', counts(audit.ledgerStatuses)));
    const reasons = Object.entries(audit.notFilledReasons).map(([reason, n]) => `${n}× ${reason}`);
    if (reasons.length) out.push(line('not filled, why', some(reasons, 5)));
    out.push(
      line(
        'non-terminal',
        `${audit.nonTerminal.length}${audit.nonTerminal.length ? `: ${some(audit.nonTerminal)}` : ''}`,
      ),
    );
    const { venueOrders, fills } = audit;
    out.push(
      line(
        'venue orders',
        `${venueOrders.total} for ${venueOrders.clientOrderIds} client order ids; duplicates ${venueOrders.duplicates.length}` +
          (venueOrders.duplicates.length
            ? ` (${some(venueOrders.duplicates.map((d) => `${d.clientOrderId} ×${d.count}`))})`
            : '') +
          `; not of this run ${venueOrders.foreign.length}; FILLED but absent ${venueOrders.filledButAbsent.length}`,
      ),
      line(
        'fills by trade id',
        `ledger ${fills.ledger} ${fills.ledger === fills.venue ? '=' : '≠'} venue ${fills.venue}; ` +
          `lost ${fills.lost.length}${fills.lost.length ? ` (${some(fills.lost)})` : ''}, ` +
          `phantom ${fills.phantom.length}${fills.phantom.length ? ` (${some(fills.phantom)})` : ''}`,
      ),
      line(
        'reconciliations',
        audit.reconcileRuns.map((run) => `${run.trigger} ${run.status} ${run.runs}`).join(', ') || 'none',
      ),
      line('their findings', findingCounts(audit)),
    );
    const never = neverFindings(audit);
    out.push(
      line(
        'orphan/phantom/critical',
        never.length
          ? some(
              never.map(
                (f) =>
                  `${f.trigger} run ${f.runId} at ${f.startedAt.toISOString()}: ${f.kind} ${f.severity}` +
                  `${f.clientOrderId ? ` ${f.clientOrderId}` : ''}${f.tradeId ? ` trade ${f.tradeId}` : ''}: ${f.detail}`,
              ),
              20,
            )
          : 'none',
      ),
    );
    const final = audit.finalReconciliation;
    out.push(
      line(
        'final reconciliation',
        'error' in final
          ? `ERROR ${final.error}`
          : `${final.status}${final.drifts.length ? ` (${final.drifts.length} drifts: ${some(final.drifts)})` : ''}`,
      ),
    );
  }
  out.push(line('wall time', `${(result.wallMs / 1000).toFixed(1)} s`));
  if (result.keptStateDir) out.push(line('state dir (kept)', result.keptStateDir));
  const failures = verdict(result);
  out.push(line('verdict', failures.length ? `FAIL: ${failures.join('; ')}` : 'PASS'));
  return out.join('\n');
}
