import type { Command } from 'commander';
import { commandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { globalOverrides, parsePort } from '../options.js';
import { note, printJson, printTable } from '../output.js';

interface UpOptions {
  temporalPort?: number;
  temporalUiPort?: number;
  postgresPort?: number;
  simPort?: number;
  headless?: boolean;
  json?: boolean;
}

export function registerDevCommands(program: Command): void {
  const dev = program
    .command('dev')
    .description(
      'Run the embedded stack on this machine: Temporal dev server + Web UI and PostgreSQL, in the data dir.',
    );

  dev
    .command('up')
    .description(
      'Start the embedded stack (idempotent): PostgreSQL (migrated), Temporal + Web UI, the venue simulator; print its status.',
    )
    .option('--temporal-port <port>', 'Temporal gRPC port (default 7233, or KEEL_TEMPORAL_PORT)', parsePort)
    .option(
      '--temporal-ui-port <port>',
      'Temporal Web UI port (default 8233, or KEEL_TEMPORAL_UI_PORT)',
      parsePort,
    )
    .option('--postgres-port <port>', 'PostgreSQL port (default 5433, or KEEL_POSTGRES_PORT)', parsePort)
    .option('--sim-port <port>', 'venue simulator port (default 8091, or KEEL_SIM_PORT)', parsePort)
    .option('--headless', 'do not serve the Temporal Web UI')
    .option('--json', 'print {dataDir, components:[{name, healthy, address, pid}]}')
    .action(async (options: UpOptions, command: Command) => {
      const { config } = commandContext({
        ...globalOverrides(command),
        temporalPort: options.temporalPort,
        temporalUiPort: options.temporalUiPort,
        postgresPort: options.postgresPort,
        simPort: options.simPort,
        headless: options.headless,
      });
      const { stackUp, stackStatus } = await import('../../stack/dev-stack.js');
      const { createPool } = await import('../../store/pool.js');
      const { newSessionId, recordConfigSnapshot } = await import('../../stack/session.js');
      await stackUp(config, note);
      const pool = createPool(config.database.url, { max: 1 });
      try {
        await recordConfigSnapshot(pool, config, { sessionId: newSessionId('dev-up'), kind: 'dev-up' });
      } finally {
        await pool.end();
      }
      const components = await stackStatus(config);
      if (options.json) printJson({ dataDir: config.dataDir, components });
      else {
        printTable(
          ['component', 'healthy', 'address', 'pid'],
          components.map((c) => [c.name, c.healthy, c.address, c.pid]),
        );
        if (config.stack.ui) note(`Temporal Web UI: ${config.temporal.uiUrl}`);
      }
      process.exitCode = components.every((c) => c.healthy) ? EXIT.ok : EXIT.failure;
    });

  dev
    .command('down')
    .description(
      'Stop exactly the processes `keel dev up` (and the demo) started from this data dir. Data is kept.',
    )
    .option('--json', 'print {dataDir, stopped:[{component, pid, result}]}')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { config } = commandContext(globalOverrides(command));
      const { stackDown } = await import('../../stack/dev-stack.js');
      const stopped = await stackDown(config.dataDir, note);
      if (options.json) printJson({ dataDir: config.dataDir, stopped });
      else if (stopped.length === 0) note(`nothing to stop in ${config.dataDir}`);
      else
        printTable(
          ['component', 'pid', 'result'],
          stopped.map((s) => [s.component, s.pid, s.result]),
        );
    });

  dev
    .command('status')
    .description('Show each component: healthy, address, pid. Exit code 1 when any is unhealthy.')
    .option('--json', 'print {dataDir, components:[{name, healthy, address, pid}]}')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { config } = commandContext(globalOverrides(command));
      const { stackStatus } = await import('../../stack/dev-stack.js');
      const components = await stackStatus(config);
      if (options.json) printJson({ dataDir: config.dataDir, components });
      else
        printTable(
          ['component', 'healthy', 'address', 'pid'],
          components.map((c) => [c.name, c.healthy, c.address, c.pid]),
        );
      process.exitCode = components.every((c) => c.healthy) ? EXIT.ok : EXIT.failure;
    });
}
