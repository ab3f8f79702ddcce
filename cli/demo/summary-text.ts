import { formatTable } from '../output.js';
import type { DemoSummary } from './run-demo.js';

const fixed = (value: number | null, digits: number) => (value === null ? 'n/a' : value.toFixed(digits));

/**
 * The demo summary's two tables, as `keel demo` prints them and the README quotes them: a test
 * renders `keel demo --json` through this and compares it with the README's block.
 */
export function summaryTables(summary: DemoSummary): string {
  const gates = formatTable(
    ['gate', 'value', 'threshold', 'result'],
    summary.gates.map((gate) => [gate.name, fixed(gate.value, 4), gate.threshold, gate.result]),
  );
  const points = summary.decisionPoints;
  const measures = formatTable(
    ['measure', 'value'],
    [
      ['gate profile', summary.gateProfile],
      ['trades', summary.trades],
      ['net P&L (USDT)', summary.netPnl.toFixed(2)],
      ['Sharpe (daily, annualised)', fixed(summary.sharpe, 3)],
      ['Brier (binary markets)', fixed(summary.brier, 4)],
      [
        'decision points evaluated / scheduled',
        `${points.evaluated} / ${points.scheduled}` +
          (points.skipped > 0 ? ` (${points.skipped} skipped)` : ''),
      ],
      ['orders sent / denied by the risk gate', `${summary.ordersSent} / ${summary.ordersDenied}`],
      [
        'operator halt',
        `paused at ${Math.round(summary.halt.pausedAtProgress * 100)} %, ${summary.halt.resumed ? 'resumed' : 'not resumed'}` +
          (summary.halt.ordersPlacedAgain > 0
            ? `; ${summary.halt.ordersPlacedAgain} order(s) it denied placed again`
            : ''),
      ],
      ['drifts found (final reconciliation)', summary.driftsFound],
      ['packages published / verified', `${summary.packagesPublished} / ${summary.packagesVerified}`],
    ],
  );
  return `${gates}\n${measures}`;
}
