import type { Command } from 'commander';
import { commandContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { globalOverrides } from '../options.js';
import { printJson } from '../output.js';
import { summaryTables } from '../demo/summary-text.js';
import type { DemoSummary } from '../demo/run-demo.js';

function printSummary(summary: DemoSummary): void {
  process.stdout.write(
    `\nKeel demo — seed ${summary.seed}, ${summary.marketDays} market days: ${summary.verdict}\n\n`,
  );
  process.stdout.write(summaryTables(summary));
  const { links } = summary;
  process.stdout.write(
    `\nWhere to look:\n` +
      `  burn-in workflow   ${links.burnIn}\n` +
      `  desk workflow      ${links.desk}\n` +
      `  a denied order     ${links.deniedOrder ?? '(none was denied)'}\n` +
      `  truth report       ${links.reportHtml}\n` +
      `  published packages ${links.publishRoot}\n` +
      `  Temporal UI        ${links.temporalUi}\n`,
  );
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Run the paper desk end to end on the running stack (keel dev up + keel worker): a burn-in over N market days with an operator halt and resume half-way, one verified export package per day the run touches, a final reconciliation, and a summary.',
    )
    .option('--days <n>', 'market days (1–60)', '30')
    .option(
      '--seed <n>',
      'seed of the synthetic market data: the same seed gives the same summary (all but the halt line and the links)',
      '42',
    )
    .option(
      '--json',
      'print the summary as JSON {verdict, gates, trades, netPnl, sharpe, brier, driftsFound, packagesPublished, links, ...}',
    )
    .action(async (options: { days: string; seed: string; json?: boolean }, command: Command) => {
      const days = Number(options.days);
      if (!Number.isInteger(days) || days < 1 || days > 60)
        throw new UsageError(`--days ${options.days}: use a whole number of market days from 1 to 60`);
      const seed = Number(options.seed);
      if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed ${options.seed}: use a whole number`);
      const { config } = commandContext(globalOverrides(command));
      const { connectClient } = await import('../../client/temporal-client.js');
      const { createPool } = await import('../../store/pool.js');
      const { runDemo } = await import('../demo/run-demo.js');
      const client = await connectClient(config);
      const pool = createPool(config.database.url, { max: 2, applicationName: 'keel demo' });
      try {
        const summary = await runDemo(client, pool, config, {
          days,
          seed,
          progress: (line) => process.stderr.write(`${line}\n`),
        });
        if (options.json) printJson(summary);
        else printSummary(summary);
      } finally {
        await pool.end();
        await client.connection.close();
      }
    });
}
