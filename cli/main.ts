import { Command, CommanderError } from 'commander';
import { PROFILES } from '../config/schema.js';
import { redactString } from '../runtime/redact.js';
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
import { EXIT, exitCodeFor } from './exit-codes.js';

const program = new Command('keel')
  .description('Keel: durable Temporal workflows for an automated trading desk.')
  .option(
    '--profile <name>',
    `configuration profile: ${PROFILES.join(' | ')} (default paper, or KEEL_PROFILE)`,
  )
  .option('--data-dir <dir>', 'data dir of the embedded stack (default .keel, or KEEL_DATA_DIR)')
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText('after', '\nExit codes: 0 ok, 1 failure, 2 bad input (usage or configuration).')
  .exitOverride();

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
  if (error instanceof CommanderError) {
    // --help and --version end here with code 0; usage mistakes were already printed by commander.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  } else {
    process.stderr.write(`keel: ${redactString((error as Error)?.message ?? String(error))}\n`);
    process.exitCode = exitCodeFor(error);
  }
}
// Every command has finished its work here (the worker returns only after a full drain); exit now
// rather than wait on a library's stray timer or socket.
process.exit(process.exitCode ?? EXIT.ok);
