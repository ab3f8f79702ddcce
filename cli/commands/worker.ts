import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { loadConfig } from '../../config/load.js';
import { createLogger } from '../../lib/logger.js';
import { ALL_TASK_QUEUES } from '../../contracts/task-queues.js';
import { UsageError } from '../exit-codes.js';
import { globalOverrides, parsePort } from '../options.js';
import { note, printJson } from '../output.js';

interface WorkerOptions {
  taskQueues?: string[];
  healthPort?: number;
  detach?: boolean;
  json?: boolean;
  readyFile?: string;
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'Host Keel workflows and activities. SIGTERM/SIGINT: stop polling, let in-flight activities finish ' +
        'within the grace time (KEEL_SHUTDOWN_GRACE_MS), exit 0. Health: GET /healthz. Logs: pino JSON on stdout.',
    )
    .option(
      '--task-queues <queues>',
      `comma-separated task queues (default all: ${ALL_TASK_QUEUES.join(', ')})`,
      (value) =>
        value
          .split(',')
          .map((queue) => queue.trim())
          .filter(Boolean),
    )
    .option(
      '--health-port <port>',
      'port of the /healthz endpoint (default 8090; 0 picks a free one)',
      parsePort,
    )
    .option(
      '--detach',
      'run in the background (log: <data-dir>/worker/worker.log); `keel dev down` stops it. Returns once it is running.',
    )
    .option(
      '--json',
      'with --detach: print {pid, health, logFile, outcome} (outcome: started | already-running)',
    )
    .addOption(
      new Option(
        '--ready-file <path>',
        'write {pid, health} here once running (used by --detach)',
      ).hideHelp(),
    )
    .action(async (options: WorkerOptions, command: Command) => {
      if (options.json && !options.detach)
        throw new UsageError(
          '--json needs --detach: a worker in the foreground logs pino JSON lines on stdout instead',
        );
      const config = loadConfig({
        cli: { ...globalOverrides(command), taskQueues: options.taskQueues, healthPort: options.healthPort },
      });
      if (options.detach) {
        const { startDetachedWorker } = await import('../../stack/detached-worker.js');
        const args = [
          ...(options.taskQueues ? ['--task-queues', options.taskQueues.join(',')] : []),
          ...(options.healthPort !== undefined ? ['--health-port', String(options.healthPort)] : []),
        ];
        const { record, outcome } = await startDetachedWorker(config, args);
        const summary = {
          pid: record.pid,
          health: `http://${record.address}/healthz`,
          logFile: record.logFile,
          outcome,
        };
        if (options.json) printJson(summary);
        else note(`worker ${outcome} (pid ${summary.pid}); health ${summary.health}; log ${summary.logFile}`);
        return;
      }
      const logger = createLogger({ service: 'keel-worker', level: config.logging.level });
      // Loaded on demand: the Temporal worker's native bridge is heavy for every other command.
      const { startWorker } = await import('../../workers/run-worker.js');
      const worker = await startWorker(config, logger);
      // Readiness is announced through a file, not a log line: logs may be filtered by level.
      if (options.readyFile)
        writeFileSync(
          options.readyFile,
          JSON.stringify({ pid: process.pid, health: `http://${worker.healthAddress}/healthz` }),
        );
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.on(signal, () => worker.shutdown(signal));
      }
      await worker.finished;
    });
}
