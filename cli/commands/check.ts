import type { Command } from 'commander';
import { KeelKind } from '../../contracts/search-attributes.js';
import { TASK_QUEUES } from '../../contracts/task-queues.js';
import { commandContext } from '../context.js';
import { globalOverrides, parseNonNegativeInt, parsePositiveInt } from '../options.js';
import { note, printJson } from '../output.js';
import {
  SYSTEM_CHECK_WORKFLOW,
  type SystemCheckInput,
  type SystemCheckResult,
  type SystemCheckWorkflow,
} from '../../contracts/system-check.js';

interface CheckOptions {
  samples: number;
  intervalMs: number;
  json?: boolean;
  wait: boolean;
}

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .description(
      'Run the systemCheck workflow through a worker: it records a check in PostgreSQL and measures database ' +
        "round trips. Prints the workflow's Temporal UI URL. Needs `keel dev up` and a running `keel worker`.",
    )
    .option('--samples <n>', 'database round trips to measure', parsePositiveInt, 5)
    .option('--interval-ms <ms>', 'pause between samples', parseNonNegativeInt, 0)
    .option('--no-wait', 'start the workflow and return without waiting for its result')
    .option('--json', 'print {workflowId, runId, url, result} as JSON')
    .action(async (options: CheckOptions, command: Command) => {
      const { config } = commandContext(globalOverrides(command));
      const { connectClient, workflowUiUrl } = await import('../../client/temporal-client.js');
      const client = await connectClient(config);
      try {
        const workflowId = `system-check-${new Date().toISOString().replace(/[-:.]/g, '')}`;
        const input: SystemCheckInput = {
          samples: options.samples,
          intervalMs: options.intervalMs,
          requestedBy: 'keel check',
        };
        const handle = await client.workflow.start<SystemCheckWorkflow>(SYSTEM_CHECK_WORKFLOW, {
          taskQueue: TASK_QUEUES.system,
          workflowId,
          args: [input],
          typedSearchAttributes: [{ key: KeelKind, value: 'system-check' }],
          memo: { summary: `stack check, ${options.samples} database samples` },
          workflowExecutionTimeout: '10 minutes',
        });
        const url = workflowUiUrl(config, workflowId, handle.firstExecutionRunId);
        if (!options.wait) {
          if (options.json) printJson({ workflowId, runId: handle.firstExecutionRunId, url, result: null });
          else note(`started ${workflowId}\n  ${url}`);
          return;
        }
        note(`waiting for ${workflowId} (a worker on task queue ${TASK_QUEUES.system} must be running)`);
        const result: SystemCheckResult = await handle.result();
        if (options.json) printJson({ workflowId, runId: handle.firstExecutionRunId, url, result });
        else {
          process.stdout.write(
            `system check ${workflowId} completed: database p50 ${result.latency.p50Ms.toFixed(2)} ms, ` +
              `max ${result.latency.maxMs.toFixed(2)} ms over ${result.latency.count} samples, schema ${result.schemaVersion}\n` +
              `Temporal UI: ${url}\n`,
          );
        }
      } finally {
        await client.connection.close();
      }
    });
}
