import os from 'node:os';
import type { Command } from 'commander';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { readDesk, readDeskEvents } from '../../store/desk/desk-store.js';
import { assertReachable, createPool } from '../../store/pool.js';
import type { DeskRequestKind } from '../../domain/desk/desk-state.js';
import { commandContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { checkAccount, globalOverrides } from '../options.js';
import { printJson, printTable } from '../output.js';

interface RequestOptions {
  account?: string;
  reason: string;
  cancelOpen?: boolean;
  force?: boolean;
  json?: boolean;
}

const time = (ms: number) => new Date(ms).toISOString();

/** Sends one acknowledged request to the account's desk (starting the desk if it is not running). */
async function sendRequest(kind: DeskRequestKind, options: RequestOptions, command: Command): Promise<void> {
  const { config } = commandContext(globalOverrides(command));
  const account = checkAccount(options.account ?? config.simulator.account.name);
  if (!options.reason.trim()) throw new UsageError('--reason: say why (it is kept in the audit trail)');
  const { connectClient, workflowUiUrl } = await import('../../client/temporal-client.js');
  const { ensureDesk } = await import('../../client/desk/desk-workflow.js');
  const { haltUpdate, closeOnlyUpdate, resumeUpdate } = await import('../../contracts/desk.js');
  const update = { halt: haltUpdate, closeOnly: closeOnlyUpdate, resume: resumeUpdate }[kind];
  const client = await connectClient(config);
  try {
    const handle = await ensureDesk(client, account);
    const result = await handle
      .executeUpdate(update, {
        args: [
          {
            reason: options.reason,
            actor: `cli:${os.userInfo().username}`,
            force: options.force === true,
            cancelOpen: options.cancelOpen === true,
          },
        ],
      })
      .catch((error: unknown) => {
        if (error instanceof WorkflowUpdateFailedError)
          throw new UsageError(
            `desk ${account} refused the ${kind}: ${error.cause?.message ?? error.message}`,
          );
        throw error;
      });
    if (options.json) {
      printJson({ ...result, workflowUrl: workflowUiUrl(config, handle.workflowId) });
      return;
    }
    const { state, cancelled } = result;
    process.stdout.write(
      `desk ${account}: ${state.mode} since ${time(state.since)} (${state.reason}, by ${state.actor})\n`,
    );
    if (cancelled) {
      process.stdout.write(
        `cancelled through order workflows: ${cancelled.viaWorkflows.length}; at the venue directly: ${
          cancelled.atVenue.filter((order) => order.result === 'canceled').length
        }; still open at the venue: ${cancelled.stillOpen.length}\n`,
      );
      for (const order of cancelled.viaWorkflows)
        process.stdout.write(`  ${order.clientOrderId}  ${order.status}\n`);
      for (const order of cancelled.atVenue)
        process.stdout.write(
          `  ${order.clientOrderId}  ${order.symbol}  venue: ${order.result}${order.error ? ` (${order.error})` : ''}\n`,
        );
    }
    process.stdout.write(`history: ${workflowUiUrl(config, handle.workflowId)}\n`);
  } finally {
    await client.connection.close();
  }
}

export function registerDeskCommands(program: Command): void {
  const desk = program
    .command('desk')
    .description(
      'The desk switch of an account: status, halt, close-only, resume (workflow desk-<account>).',
    );
  const accountOption = '--account <name>';
  const accountText = "trading account (default: the profile's account)";

  desk
    .command('status')
    .description('The persisted desk mode, active breakers and the latest desk events.')
    .option(accountOption, accountText)
    .option('--json', 'print {account, mode, reason, actor, since, breakers, overridden, events}')
    .action(async (options: { account?: string; json?: boolean }, command: Command) => {
      const { config } = commandContext(globalOverrides(command));
      const account = checkAccount(options.account ?? config.simulator.account.name);
      const pool = createPool(config.database.url, { max: 2 });
      try {
        await assertReachable(pool, config.database.url);
        const { changeId: _changeId, ...state } = await readDesk(pool, account);
        const events = await readDeskEvents(pool, account, 20);
        if (options.json) {
          printJson({ ...state, events });
          return;
        }
        process.stdout.write(
          `desk ${account}: ${state.mode} since ${time(state.since)}\nreason: ${state.reason}\nby: ${state.actor}\n`,
        );
        process.stdout.write(
          `breakers: ${state.breakers.length ? state.breakers.map((b) => `${b.name} (${b.reason})`).join('; ') : 'none'}\n`,
        );
        if (state.overridden.length)
          process.stdout.write(`overridden by a forced resume: ${state.overridden.join(', ')}\n`);
        if (events.length) {
          process.stdout.write('\n');
          printTable(
            ['at', 'event', 'from', 'to', 'by', 'reason'],
            events.map((event) => [
              time(event.at),
              event.kind,
              event.oldMode,
              event.newMode,
              event.actor,
              event.reason,
            ]),
          );
        }
      } finally {
        await pool.end();
      }
    });

  desk
    .command('halt')
    .description('Halt the desk: every new order is denied. Acknowledged once the mode is persisted.')
    .requiredOption('--reason <text>', 'why (kept in the audit trail and sent with the alert)')
    .option('--cancel-open', 'also cancel every open order of the account and report them')
    .option(accountOption, accountText)
    .option('--json', 'print {state, cancelled, workflowUrl}')
    .action((options: RequestOptions, command: Command) => sendRequest('halt', options, command));

  desk
    .command('close-only')
    .description('Only orders that reduce a position (never flip it) are admitted.')
    .requiredOption('--reason <text>', 'why (kept in the audit trail and sent with the alert)')
    .option(accountOption, accountText)
    .option('--json', 'print {state, workflowUrl}')
    .action((options: RequestOptions, command: Command) => sendRequest('closeOnly', options, command));

  desk
    .command('resume')
    .description('Trade again. Refused while a breaker holds, unless --force (the reason says why).')
    .requiredOption('--reason <text>', 'why (kept in the audit trail and sent with the alert)')
    .option('--force', 'resume although breakers hold (they re-arm once their condition clears)')
    .option(accountOption, accountText)
    .option('--json', 'print {state, workflowUrl}')
    .action((options: RequestOptions, command: Command) => sendRequest('resume', options, command));
}
