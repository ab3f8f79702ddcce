import type { Command } from 'commander';
import { createLogger } from '../../runtime/logger.js';
import { loadConfig } from '../../config/load.js';
import { startWorker } from '../../workers/run-worker.js';
import { ALL_TASK_QUEUES } from '../../workers/task-queues.js';
import { globalOverrides, parsePort } from '../options.js';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'Host Keel workflows and activities. SIGTERM/SIGINT: stop polling, let in-flight activities finish ' +
        'within the grace time (KEEL_SHUTDOWN_GRACE_MS), exit 0. Health: GET /healthz.',
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
    .action(async (options: { taskQueues?: string[]; healthPort?: number }, command: Command) => {
      const config = loadConfig({
        cli: { ...globalOverrides(command), taskQueues: options.taskQueues, healthPort: options.healthPort },
      });
      const logger = createLogger({ service: 'keel-worker', level: config.logging.level });
      const worker = await startWorker(config, logger);
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.on(signal, () => worker.shutdown(signal));
      }
      await worker.finished;
    });
}
