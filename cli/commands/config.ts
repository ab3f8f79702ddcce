import type { Command } from 'commander';
import { assertReachable, createPool } from '../../store/pool.js';
import { readSessionConfigs, recentSessions } from '../../store/config-snapshots.js';
import { diffConfigs } from '../../domain/config-diff.js';
import { configHash, redactConfig } from '../../config/redact-config.js';
import { commandContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { globalOverrides, parsePositiveInt } from '../options.js';
import { printJson, printTable } from '../output.js';

export function registerConfigCommands(program: Command): void {
  const config = program
    .command('config')
    .description('Inspect the resolved configuration and the per-session snapshots.');

  config
    .command('show')
    .description(
      'Print the resolved configuration (profile ← environment ← flags), secrets redacted, and its hash.',
    )
    .option('--json', 'print {configHash, config} (the configuration with secrets redacted)')
    .action((options: { json?: boolean }, command: Command) => {
      const { config: resolved } = commandContext(globalOverrides(command));
      const shown = { configHash: configHash(resolved), config: redactConfig(resolved) };
      if (options.json) printJson(shown);
      else process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
    });

  config
    .command('sessions')
    .description('List recent process sessions and the configuration hash each ran with.')
    .option('--limit <n>', 'how many', parsePositiveInt, 20)
    .option('--json', 'print {sessions:[{sessionId, kind, createdAt, profile, configHash, codeVersion}]}')
    .action(async (options: { limit: number; json?: boolean }, command: Command) => {
      const { config: resolved } = commandContext(globalOverrides(command));
      const pool = createPool(resolved.database.url, { max: 1 });
      try {
        await assertReachable(pool, resolved.database.url);
        const sessions = await recentSessions(pool, options.limit);
        if (options.json) printJson({ sessions });
        else
          printTable(
            ['session', 'kind', 'created', 'profile', 'config hash', 'code'],
            sessions.map((s) => [
              s.sessionId,
              s.kind,
              s.createdAt,
              s.profile,
              s.configHash.slice(0, 12),
              s.codeVersion,
            ]),
          );
      } finally {
        await pool.end();
      }
    });

  config
    .command('diff')
    .description(
      'Show what changed in the configuration between two sessions (ids from `keel config sessions`).',
    )
    .argument('<sessionA>', 'the earlier session id')
    .argument('<sessionB>', 'the later session id')
    .option('--json', 'print {sessionA, sessionB, identical, changes:[{path, before, after}]}')
    .action(async (sessionA: string, sessionB: string, options: { json?: boolean }, command: Command) => {
      const { config: resolved } = commandContext(globalOverrides(command));
      const pool = createPool(resolved.database.url, { max: 1 });
      try {
        await assertReachable(pool, resolved.database.url);
        const rows = await readSessionConfigs(pool, [sessionA, sessionB]);
        const find = (id: string) => {
          const row = rows.find((r) => r.sessionId === id);
          if (!row)
            throw new UsageError(
              `no configuration snapshot for session "${id}"; list them with \`keel config sessions\``,
            );
          return row;
        };
        const a = find(sessionA);
        const b = find(sessionB);
        const changes = diffConfigs(a.config, b.config);
        if (options.json) printJson({ sessionA, sessionB, identical: changes.length === 0, changes });
        else if (changes.length === 0) process.stdout.write(`no differences (config hash ${a.configHash})\n`);
        else
          printTable(
            ['path', sessionA, sessionB],
            changes.map((c) => [
              c.path,
              JSON.stringify(c.before) ?? '(unset)',
              JSON.stringify(c.after) ?? '(unset)',
            ]),
          );
      } finally {
        await pool.end();
      }
    });
}
