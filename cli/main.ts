import { Command, CommanderError } from 'commander';
import { PROFILES } from '../config/schema.js';
import { registerBurnInCommands } from './commands/burn-in.js';
import { registerCheckCommand } from './commands/check.js';
import { registerConfigCommands } from './commands/config.js';
import { registerDbCommands } from './commands/db.js';
import { registerDeskCommands } from './commands/desk.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerDevCommands } from './commands/dev.js';
import { registerExportCommands } from './commands/export.js';
import { registerOrderCommands } from './commands/order.js';
import { registerPositionsCommand } from './commands/positions.js';
import { registerReconcileCommand } from './commands/reconcile.js';
import { registerRiskCommands } from './commands/risk.js';
import { registerVenueSimCommand } from './commands/venue-sim.js';
import { registerWorkerCommand } from './commands/worker.js';
import { EXIT, errorReport } from './exit-codes.js';
import { printJson } from './output.js';

// The command modules load only commander, config and domain code at start; each action imports
// what it runs (the Temporal client and worker, pg, ccxt, the dev stack) with `await import()`.
// Loading those up front takes seconds (measured: 11 s for the worker, ccxt adapter and dev stack
// on this 2-core machine, against 2.4 s for all of `keel --help`), which every `--help`, every bad
// argument and every short command would pay.

const program = new Command('keel')
  .description('Keel: durable Temporal workflows for an automated trading desk.')
  .option(
    '--profile <name>',
    `configuration profile: ${PROFILES.join(' | ')} (default paper, or KEEL_PROFILE)`,
  )
  .option('--data-dir <dir>', 'data dir of the embedded stack (default .keel, or KEEL_DATA_DIR)')
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText(
    'after',
    `
Exit codes: 0 ok, 1 failure, 2 bad input (usage or configuration).

JSON: with --json a command prints one JSON document on stdout; progress and notes go to stderr.
A command that fails prints {"error": {"code", "exitCode", "message"}} on stdout instead
(code: usage | config | failure; config errors add "issues": [{field, message, fix}]), and the
message on stderr. A check that finds a problem (dev up, dev status, db status, export verify,
export health, burn-in start --wait without a PASS) prints its normal JSON and exits 1.`,
  )
  .exitOverride();

// Whether the failing command was asked for JSON: the command's own --json once it runs; before that
// (commander's usage errors), whether --json is on the command line.
let jsonOutput = process.argv.slice(2).includes('--json');
program.hook('preAction', (_program, actionCommand) => {
  jsonOutput = actionCommand.opts<{ json?: boolean }>().json === true;
});

registerDevCommands(program);
registerWorkerCommand(program);
registerVenueSimCommand(program);
registerOrderCommands(program);
registerPositionsCommand(program);
registerDeskCommands(program);
registerRiskCommands(program);
registerReconcileCommand(program);
registerBurnInCommands(program);
registerExportCommands(program);
registerDemoCommand(program);
registerCheckCommand(program);
registerConfigCommands(program);
registerDbCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError && error.exitCode === 0) {
    // --help and --version end here.
    process.exitCode = EXIT.ok;
  } else {
    const report = errorReport(error);
    // Commander has already printed its usage errors on stderr.
    if (!(error instanceof CommanderError)) process.stderr.write(`keel: ${report.message}\n`);
    if (jsonOutput) printJson({ error: report });
    process.exitCode = report.exitCode;
  }
}
// Every command has finished its work here (the worker returns only after a full drain); exit now
// rather than wait on a library's stray timer or socket.
process.exit(process.exitCode ?? EXIT.ok);
