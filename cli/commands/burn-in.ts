import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import type { TruthReport } from '../../domain/report/truth-report.js';
import { commandContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { globalOverrides } from '../options.js';
import { note, printJson, printTable } from '../output.js';
import { burnInStatusQuery, stopBurnInSignal } from '../../contracts/burn-in/burn-in-workflow.js';

const DEFAULT_CONFIG = {
  strategies: [{ name: 'donchian' }, { name: 'probabilityEdge' }],
};

function readConfigFile(file: string | undefined): Record<string, unknown> {
  if (!file) return { ...DEFAULT_CONFIG };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--config ${file}: cannot read it (${(error as Error).message})`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new Error('the top level must be a JSON object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`--config ${file}: not a burn-in config (${(error as Error).message})`);
  }
}

const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,40}$/;

export function registerBurnInCommands(program: Command): void {
  const burnIn = program
    .command('burn-in')
    .description(
      'Paper burn-in runs: a strategy on the live order path (every order an order workflow through the risk gate) over accelerated or real market time, judged by gates, with a truth report.',
    );

  burnIn
    .command('start')
    .description('Start a burn-in (workflow burn-in-<id> on keel-burn-in); a worker must be running.')
    .option(
      '--config <file>',
      'burn-in config as JSON (strategies, spot, binaryMarkets, market, gateProfile or gates, execution, ...); default: donchian + probabilityEdge',
    )
    .option(
      '--accelerated',
      'drive market time as fast as the run can go (the default unless the config says realtime)',
    )
    .option('--id <id>', 'run id (lower-case letters, digits, - and _); default: a fresh one')
    .option('--wait', 'wait for the verdict, with a progress bar on a terminal')
    .option(
      '--json',
      'print {id, workflowId, workflowUrl, account, configHash} (with --wait: the final status too)',
    )
    .action(
      async (
        options: { config?: string; accelerated?: boolean; id?: string; wait?: boolean; json?: boolean },
        command: Command,
      ) => {
        const { config } = commandContext(globalOverrides(command));
        const id = options.id ?? `bi-${randomBytes(4).toString('hex')}`;
        if (!ID_PATTERN.test(id))
          throw new UsageError(
            `--id ${JSON.stringify(id)}: use lower-case letters, digits, - and _ (at most 41 characters)`,
          );
        const raw = readConfigFile(options.config);
        raw.account ??= `burn-${id}`.slice(0, 63);
        if (options.accelerated) raw.mode = 'accelerated';
        // Parsed and planned once, here: the data must serve the window before anything starts.
        const { BurnInConfigError } = await import('../../contracts/burn-in/burn-in-config.js');
        const { planBurnInRun, BurnInDataError } = await import('../../client/burn-in/plan-burn-in.js');
        let plan: ReturnType<typeof planBurnInRun>['plan'];
        try {
          ({ plan } = planBurnInRun(id, raw));
        } catch (error) {
          if (error instanceof BurnInConfigError || error instanceof BurnInDataError)
            throw new UsageError(error.message);
          throw error;
        }
        const { connectClient, workflowUiUrl } = await import('../../client/temporal-client.js');
        const { startBurnIn } = await import('../../client/burn-in/burn-in-runs.js');
        const client = await connectClient(config);
        try {
          const started = await startBurnIn(client, plan);
          const summary = {
            id,
            workflowId: started.workflowId,
            workflowUrl: workflowUiUrl(config, started.workflowId),
            account: started.config.account,
            configHash: started.configHash,
          };
          if (!options.wait) {
            if (options.json) printJson(summary);
            else
              process.stdout.write(
                `burn-in ${id} started on account ${summary.account}\nhistory: ${summary.workflowUrl}\n`,
              );
            return;
          }
          const result = await waitWithProgress(
            client,
            started.workflowId,
            !options.json && process.stderr.isTTY,
          );
          if (options.json) printJson({ ...summary, ...result });
          else printVerdict(id, result);
          if (result.status !== 'PASS') process.exitCode = 1;
        } finally {
          await client.connection.close();
        }
      },
    );

  burnIn
    .command('status')
    .description('Progress, PnL, open positions and the gates on what has closed so far.')
    .argument('<id>', 'the burn-in run id (from keel burn-in start)')
    .option(
      '--json',
      'print {id, status: RUNNING|PAUSED|PASS|FAIL|CANCELED|ERROR, progress, pnl, openPositions, gates, ...}',
    )
    .action(async (id: string, options: { json?: boolean }, command: Command) => {
      const { config } = commandContext(globalOverrides(command));
      const { connectClient } = await import('../../client/temporal-client.js');
      const { assertReachable, createPool } = await import('../../store/pool.js');
      const { burnInStatus } = await import('../../client/burn-in/burn-in-runs.js');
      const client = await connectClient(config);
      const pool = createPool(config.database.url, { max: 2 });
      try {
        await assertReachable(pool, config.database.url);
        const status = await burnInStatus(client, pool, id);
        if (!status) throw new UsageError(`no burn-in run "${id}"; start one with keel burn-in start`);
        if (options.json) {
          printJson(status);
          return;
        }
        process.stdout.write(
          `burn-in ${id}: ${status.status}${status.statusReason ? ` (${status.statusReason})` : ''} — ${(status.progress * 100).toFixed(1)}% of market time, ${status.pnl.trades} trades, PnL ${status.pnl.realized.toFixed(2)}\n`,
        );
        if (status.openPositions.length)
          printTable(
            ['symbol', 'quantity', 'entry'],
            status.openPositions.map((p) => [p.symbol, p.quantity, p.entryPrice]),
          );
        printTable(
          ['gate', 'value', 'op', 'threshold', 'result'],
          status.gates.map((g) => [g.name, g.value, g.op, g.threshold, g.result]),
        );
      } finally {
        await Promise.all([client.connection.close(), pool.end()]);
      }
    });

  burnIn
    .command('stop')
    .description(
      'Stop a run: the cycle in hand finishes, then the run reports CANCELED with its truth report.',
    )
    .argument('<id>', 'the burn-in run id (from keel burn-in start)')
    .option('--reason <text>', 'why (kept in the run and its report)', 'stopped by an operator')
    .option('--json', 'print {id, workflowId, workflowUrl, reason} once the stop is sent')
    .action(async (id: string, options: { reason: string; json?: boolean }, command: Command) => {
      if (!options.reason.trim())
        throw new UsageError('--reason: say why (it is kept in the run and its report)');
      const { config } = commandContext(globalOverrides(command));
      const { connectClient, workflowUiUrl } = await import('../../client/temporal-client.js');
      const { burnInWorkflowId } = await import('../../client/burn-in/burn-in-runs.js');
      const { WorkflowNotFoundError } = await import('@temporalio/client');
      const client = await connectClient(config);
      try {
        const handle = client.workflow.getHandle(burnInWorkflowId(id));
        await handle.signal(stopBurnInSignal, { reason: options.reason }).catch(async (error: unknown) => {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
          // Not found: no such run, or it has already ended (a closed workflow takes no signal).
          const description = await handle.describe().catch(() => undefined);
          throw new UsageError(
            description
              ? `burn-in ${id} has already ended (${description.status.name}): nothing to stop; see keel burn-in status ${id}`
              : `no burn-in run "${id}"; start one with keel burn-in start`,
          );
        });
        if (options.json)
          printJson({
            id,
            workflowId: handle.workflowId,
            workflowUrl: workflowUiUrl(config, handle.workflowId),
            reason: options.reason,
          });
        else process.stdout.write(`stop sent to burn-in ${id}\n`);
      } finally {
        await client.connection.close();
      }
    });

  burnIn
    .command('report')
    .description(
      "Write the finished run's report.json and self-contained report.html (default: <data-dir>/burn-ins/<id>).",
    )
    .argument('<id>', 'the burn-in run id (from keel burn-in start)')
    .option('--out <dir>', 'directory to write them to')
    .option('--json', 'print {jsonPath, htmlPath, reportHash, status}')
    .action(async (id: string, options: { out?: string; json?: boolean }, command: Command) => {
      const { config } = commandContext(globalOverrides(command));
      const { assertReachable, createPool } = await import('../../store/pool.js');
      const { readRun, readReport } = await import('../../store/burn-in/run-store.js');
      const { writeTruthReport } = await import('../../store/reports/write-report.js');
      const pool = createPool(config.database.url, { max: 1 });
      try {
        await assertReachable(pool, config.database.url);
        const run = await readRun(pool, id);
        if (!run) throw new UsageError(`no burn-in run "${id}"`);
        const report = (await readReport(pool, id)) as TruthReport | null;
        if (!report)
          throw new UsageError(
            `burn-in ${id} is ${run.status}: its report is written when it finishes (see keel burn-in status ${id})`,
          );
        const written = await writeTruthReport(
          report,
          options.out ?? path.join(config.dataDir, 'burn-ins', id),
        );
        if (written.reportHash !== run.report_hash)
          note(
            `warning: the report hash ${written.reportHash} differs from the one stored at the end of the run (${run.report_hash})`,
          );
        if (options.json) printJson({ ...written, status: report.status });
        else
          process.stdout.write(
            `${report.status}: ${written.htmlPath}\n${written.jsonPath}\nreport hash ${written.reportHash}\n`,
          );
      } finally {
        await pool.end();
      }
    });
}

interface WaitResult {
  status: string;
  statusReason: string | null;
  reportDir: string | null;
  reportHash: string | null;
  gates: { name: string; value: number | null; op: string; threshold: number; result: string }[];
  trades: number;
  netPnl: number;
}

async function waitWithProgress(client: Client, workflowId: string, bar: boolean): Promise<WaitResult> {
  const handle = client.workflow.getHandle(workflowId);
  const timer = bar
    ? setInterval(() => {
        void handle
          .query(burnInStatusQuery)
          .then((s) => {
            const width = 30;
            const filled = Math.round(s.progress * width);
            process.stderr.write(
              `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(s.progress * 100).toFixed(0)}% ${s.status} cycle ${s.cycle}   `,
            );
          })
          .catch(() => undefined);
      }, 500)
    : undefined;
  try {
    const result = (await handle.result()) as WaitResult;
    if (bar) process.stderr.write('\n');
    return result;
  } finally {
    if (timer) clearInterval(timer);
  }
}

function printVerdict(id: string, result: WaitResult): void {
  process.stdout.write(
    `burn-in ${id}: ${result.status}${result.statusReason ? ` — ${result.statusReason}` : ''}\n`,
  );
  printTable(
    ['gate', 'value', 'op', 'threshold', 'result'],
    result.gates.map((g) => [g.name, g.value, g.op, g.threshold, g.result]),
  );
  process.stdout.write(
    `${result.trades} trades, net PnL ${result.netPnl.toFixed(2)}\nreport: ${result.reportDir}/report.html\n`,
  );
}
