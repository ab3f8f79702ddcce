import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { commandContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { checkAccount, globalOverrides, parsePositiveInt } from '../options.js';
import { note, printJson, printTable } from '../output.js';
import {
  addDays,
  datesBetween,
  parseExportDate,
  parseUtcTimeOfDay,
} from '../../domain/export/package-layout.js';
import type { KeelConfig } from '../../config/schema.js';

function accountOf(config: KeelConfig, given?: string): string {
  return checkAccount(given ?? config.simulator.account.name);
}

function dateOf(flag: string, raw: string): string {
  const parsed = parseExportDate(raw);
  if (!parsed.ok) throw new UsageError(`${flag}: ${parsed.message}`);
  return parsed.date;
}

async function withClient<T>(config: KeelConfig, work: (client: Client) => Promise<T>): Promise<T> {
  const { connectClient } = await import('../../client/temporal-client.js');
  const client = await connectClient(config);
  try {
    return await work(client);
  } finally {
    await client.connection.close();
  }
}

export function registerExportCommands(program: Command): void {
  const exportCommand = program
    .command('export')
    .description(
      'Daily audit packages: build, validate, publish atomically to <publishRoot>/<account>/<date>/, verify; schedules and delivery health.',
    );

  exportCommand
    .command('run')
    .description(
      "Export one account's UTC day now (workflow export-<account>-<date>-…) and wait for the published, verified package.",
    )
    .option('--account <name>', "trading account (default: the profile's account)")
    .requiredOption('--date <YYYY-MM-DD>', 'the UTC day to export')
    .option(
      '--json',
      'print {path, packageId, files:[{name, sha256, rows}], verified, revision, alreadyPublished, manifestHash, workflowUrl}',
    )
    .action(async (options: { account?: string; date: string; json?: boolean }, command: Command) => {
      const { config } = commandContext(globalOverrides(command));
      const account = accountOf(config, options.account);
      const date = dateOf('--date', options.date);
      const { runDailyExport } = await import('../../client/export/export-runs.js');
      const { workflowUiUrl } = await import('../../client/temporal-client.js');
      await withClient(config, async (client) => {
        const { workflowId, result } = await runDailyExport(client, { account, date });
        const workflowUrl = workflowUiUrl(config, workflowId);
        if (options.json) {
          printJson({ ...result, workflowId, workflowUrl });
          return;
        }
        process.stdout.write(
          `${result.alreadyPublished ? 'unchanged (already published)' : 'published'}: ${result.packageId} (revision ${result.revision}, verified) at ${result.path}\n`,
        );
        printTable(
          ['file', 'rows', 'sha256'],
          result.files.map((file) => [file.name, file.rows, file.sha256?.slice(0, 16) ?? null]),
        );
        if (result.retentionRemoved.length)
          process.stdout.write(`retention removed: ${result.retentionRemoved.join(', ')}\n`);
        process.stdout.write(
          `consumers ${result.notified ? 'notified' : `not notified: ${result.notifySkippedReason}`}\nhistory: ${workflowUrl}\n`,
        );
      });
    });

  exportCommand
    .command('verify')
    .description(
      'Re-hash every file of a package directory against its manifest (reads only). Exit 1 when anything differs.',
    )
    .argument('<packageDir>', 'a package directory, e.g. .keel/published/paper/2026-01-05')
    .option(
      '--json',
      'print {ok, dir, packageId, files:[{name, sha256, expectedSha256, ok, problem?}], problems}',
    )
    .action(async (packageDir: string, options: { json?: boolean }) => {
      const dir = path.resolve(packageDir);
      const info = await stat(dir).catch(() => null);
      if (!info?.isDirectory())
        throw new UsageError(
          `<packageDir> ${packageDir} is not a directory: pass a package directory (see keel export list)`,
        );
      const { verifyPackageDir } = await import('../../store/export/verify-package.js');
      const result = await verifyPackageDir(dir);
      if (options.json) printJson(result);
      else {
        process.stdout.write(`${result.ok ? 'OK' : 'FAILED'}: ${result.packageId ?? dir}\n`);
        if (result.files.length)
          printTable(
            ['file', 'ok', 'sha256'],
            result.files.map((file) => [
              file.name,
              file.ok ? 'ok' : 'MISMATCH',
              file.sha256?.slice(0, 16) ?? null,
            ]),
          );
        for (const problem of result.problems) process.stdout.write(`  - ${problem}\n`);
      }
      if (!result.ok) process.exitCode = 1;
    });

  exportCommand
    .command('list')
    .description(
      'The packages in the publish root, with what the export recorded of them (status, published, verified).',
    )
    .option('--account <name>', 'only this account')
    .option(
      '--json',
      'print {publishRoot, packages:[{account, date, revision, packageId, path, status, ...}]}',
    )
    .action(async (options: { account?: string; json?: boolean }, command: Command) => {
      const { config } = commandContext(globalOverrides(command));
      const account = options.account === undefined ? undefined : accountOf(config, options.account);
      const { listPackages } = await import('../../client/export/list-packages.js');
      const packages = await listPackages(config, account);
      if (options.json) {
        printJson({ publishRoot: config.export.publishRoot, packages });
        return;
      }
      process.stdout.write(`publish root: ${config.export.publishRoot}\n`);
      if (packages.length === 0) {
        process.stdout.write(
          'no packages yet: run keel export run --date YYYY-MM-DD, or keel export schedule\n',
        );
        return;
      }
      printTable(
        ['account', 'date', 'rev', 'status', 'package', 'files', 'bytes', 'published'],
        packages.map((p) => [
          p.account,
          p.date,
          p.revision,
          p.status,
          p.packageId,
          p.files,
          p.bytes,
          p.publishedAt,
        ]),
      );
    });

  exportCommand
    .command('schedule')
    .description(
      "Create or update the account's daily export Schedule (UTC; catch-up window export.catchupWindowHours; overlapping fires buffered, never skipped) and the delivery-health Schedule.",
    )
    .option('--account <name>', "trading account (default: the profile's account)")
    .option('--at <HH:MM>', 'UTC time of day; each fire exports the day before (default export.at)')
    .option(
      '--every <seconds>',
      'fire every N seconds instead of daily (drills and tests; each fire still exports the day before)',
      parsePositiveInt,
    )
    .option('--json', 'print {export:{scheduleId, created, spec, overlap, catchupWindow}, health:{...}}')
    .action(
      async (
        options: { account?: string; at?: string; every?: number; json?: boolean },
        command: Command,
      ) => {
        const { config } = commandContext(globalOverrides(command));
        const account = accountOf(config, options.account);
        const at = options.at ?? config.export.at;
        const time = parseUtcTimeOfDay(at);
        if (!time.ok) throw new UsageError(`--at: ${time.message}`);
        const { ensureExportSchedule, ensureExportHealthSchedule } =
          await import('../../client/export/export-schedules.js');
        await withClient(config, async (client) => {
          const exported = await ensureExportSchedule(client, config, {
            account,
            at,
            ...(options.every ? { everySeconds: options.every } : {}),
          });
          const accounts = [...new Set([...config.export.accounts, account])];
          const health = await ensureExportHealthSchedule(client, config, accounts);
          if (options.json) printJson({ export: exported, health });
          else
            process.stdout.write(
              `${exported.created ? 'created' : 'updated'} ${exported.scheduleId}: ${exported.spec}, overlap ${exported.overlap}, catch-up ${exported.catchupWindow}\n` +
                `${health.created ? 'created' : 'updated'} ${health.scheduleId}: ${health.spec} for ${(health.accounts ?? accounts).join(', ')}\n`,
            );
        });
      },
    );

  exportCommand
    .command('backfill')
    .description(
      "Export missed days through the account's Schedule's backfill (run keel export schedule first); the days run one after another.",
    )
    .option('--account <name>', "trading account (default: the profile's account)")
    .requiredOption('--from <YYYY-MM-DD>', 'first UTC day to export')
    .requiredOption('--to <YYYY-MM-DD>', 'last UTC day to export (inclusive)')
    .option('--json', 'print {scheduleId, days}')
    .action(
      async (options: { account?: string; from: string; to: string; json?: boolean }, command: Command) => {
        const { config } = commandContext(globalOverrides(command));
        const account = accountOf(config, options.account);
        const from = dateOf('--from', options.from);
        const to = dateOf('--to', options.to);
        try {
          datesBetween(from, to, 3660);
        } catch (error) {
          throw new UsageError(`--from/--to: ${(error as Error).message}`);
        }
        const { backfillExports, exportScheduleId } = await import('../../client/export/export-schedules.js');
        const { ScheduleNotFoundError } = await import('@temporalio/client');
        await withClient(config, async (client) => {
          // The backfill replays the Schedule's own fire times, so the Schedule's time of day is the one used.
          const description = await client.schedule
            .getHandle(exportScheduleId(account))
            .describe()
            .catch((error: unknown) => {
              if (error instanceof ScheduleNotFoundError)
                throw new UsageError(
                  `no export Schedule for ${account}: create it with keel export schedule --account ${account}`,
                );
              throw error;
            });
          const calendar = description.spec.calendars?.[0];
          const hour = calendar?.hour?.[0]?.start;
          const minute = calendar?.minute?.[0]?.start;
          const at =
            hour === undefined || minute === undefined
              ? config.export.at
              : `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const result = await backfillExports(client, { account, from, to, at });
          if (options.json) printJson(result);
          else {
            process.stdout.write(
              `backfill of ${account} ${from} … ${to} (${result.days} days) requested on ${result.scheduleId}\n`,
            );
            note(`watch: keel export list --account ${account}`);
          }
        });
      },
    );

  exportCommand
    .command('health')
    .description(
      'Run the delivery-health check now: missing or late packages, schema-failure spikes, packages that no longer verify (alerts go to alerts.webhookUrl). Exit 1 when it finds any.',
    )
    .option('--account <name>', "trading account (default: export.accounts, else the profile's account)")
    .option(
      '--from <YYYY-MM-DD>',
      'first day to check (default: export.health.lookbackDays ending yesterday)',
    )
    .option('--to <YYYY-MM-DD>', 'last day to check (default: yesterday)')
    .option(
      '--json',
      'print [{account, checkDates, alerts:[{kind, date, severity, summary, ...}], corrupted}]',
    )
    .action(
      async (options: { account?: string; from?: string; to?: string; json?: boolean }, command: Command) => {
        const { config } = commandContext(globalOverrides(command));
        const accounts = options.account
          ? [accountOf(config, options.account)]
          : config.export.accounts.length
            ? config.export.accounts
            : [accountOf(config)];
        const yesterday = addDays(new Date().toISOString().slice(0, 10), -1);
        const to = options.to ? dateOf('--to', options.to) : yesterday;
        const from = options.from
          ? dateOf('--from', options.from)
          : addDays(to, -(config.export.health.lookbackDays - 1));
        let checkDates: string[];
        try {
          checkDates = datesBetween(from, to, 366);
        } catch (error) {
          throw new UsageError(`--from/--to: ${(error as Error).message}`);
        }
        const { runExportHealth } = await import('../../client/export/export-runs.js');
        await withClient(config, async (client) => {
          const { reports } = await runExportHealth(client, {
            accounts,
            lookbackDays: checkDates.length,
            checkDates,
          });
          const alerts = reports.flatMap((report) => report.alerts);
          if (options.json) printJson(reports);
          else if (alerts.length === 0)
            process.stdout.write(`healthy: ${accounts.join(', ')} ${from} … ${to}\n`);
          else
            printTable(
              ['kind', 'account', 'date', 'severity', 'summary'],
              alerts.map((alert) => [alert.kind, alert.account, alert.date, alert.severity, alert.summary]),
            );
          if (alerts.length > 0) process.exitCode = 1;
        });
      },
    );
}
