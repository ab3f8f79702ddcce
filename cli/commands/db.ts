import type { Command } from 'commander';
import { migrateUp, schemaStatus } from '../../store/migrations.js';
import { assertReachable, createPool } from '../../store/pool.js';
import { commandContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { globalOverrides } from '../options.js';
import { note, printJson } from '../output.js';

export function registerDbCommands(program: Command): void {
  const db = program.command('db').description('Database schema: migrations and version.');

  db.command('migrate')
    .description('Apply pending migrations (refuses when the database is newer than this code).')
    .option('--json', 'print {applied:[...]} as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { config } = commandContext(globalOverrides(command));
      const pool = createPool(config.database.url, { max: 1 });
      try {
        await assertReachable(pool, config.database.url);
      } finally {
        await pool.end();
      }
      const applied = await migrateUp(config.database.url);
      if (options.json) printJson({ applied });
      else note(applied.length > 0 ? `applied ${applied.join(', ')}` : 'schema up to date');
    });

  db.command('status')
    .description(
      'Show applied, pending and unknown migrations. Exit code 1 unless the schema matches this code.',
    )
    .option('--json', 'print {current, applied, pending, unknown} as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const { config } = commandContext(globalOverrides(command));
      const pool = createPool(config.database.url, { max: 1 });
      try {
        await assertReachable(pool, config.database.url);
        const status = await schemaStatus(pool);
        if (options.json) printJson(status);
        else
          process.stdout.write(
            `current: ${status.current ?? '(empty database)'}\npending: ${status.pending.join(', ') || 'none'}\n` +
              `unknown to this code: ${status.unknown.join(', ') || 'none'}\n`,
          );
        process.exitCode =
          status.pending.length === 0 && status.unknown.length === 0 ? EXIT.ok : EXIT.failure;
      } finally {
        await pool.end();
      }
    });
}
