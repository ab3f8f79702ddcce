import type { Command } from 'commander';
import { commandContext } from '../context.js';
import { checkAccount, globalOverrides } from '../options.js';
import { printJson, printTable } from '../output.js';

export function registerReconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description(
      "Reconcile an account's ledger against the venue now (workflow reconcile-<account>-manual-…): classify every drift, act on it, halt the desk on critical drift.",
    )
    .option('--account <name>', "trading account (default: the profile's account)")
    .option(
      '--json',
      'print {status, drifts:[{kind, severity, detail, action, ...}], actions:[...], workflowUrl}',
    )
    .action(async (options: { account?: string; json?: boolean }, command: Command) => {
      const { config } = commandContext(globalOverrides(command));
      const account = checkAccount(options.account ?? config.simulator.account.name);
      const { connectClient, workflowUiUrl } = await import('../../client/temporal-client.js');
      const { runReconcile } = await import('../../client/reconcile/reconcile-runs.js');
      const client = await connectClient(config);
      try {
        const { workflowId, report } = await runReconcile(client, account, 'manual');
        const workflowUrl = workflowUiUrl(config, workflowId);
        if (options.json) {
          printJson({ ...report, workflowUrl });
          return;
        }
        process.stdout.write(
          `reconciliation of ${account}: ${report.status}${report.worst ? ` (worst ${report.worst})` : ''}${
            report.deskHalted ? ' — desk halted' : ''
          }${report.baselineTaken ? ' — balance baseline taken' : ''}\n`,
        );
        if (report.drifts.length) {
          const outcomes = new Map(report.actions.map((action) => [action.seq, action.outcome]));
          printTable(
            ['kind', 'severity', 'action', 'outcome', 'detail'],
            report.drifts.map((drift) => [
              drift.kind,
              drift.severity,
              drift.action,
              outcomes.get(drift.seq) ?? '-',
              drift.detail,
            ]),
          );
        }
        process.stdout.write(`history: ${workflowUrl}\n`);
      } finally {
        await client.connection.close();
      }
    });
}
