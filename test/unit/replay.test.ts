import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/project-root.js';
import { sharedBundle } from '../helpers/in-process-worker.js';

const HISTORIES = path.join(PROJECT_ROOT, 'test', 'histories');

/**
 * Every recorded history under test/histories/ must replay against today's workflow code: a change
 * that would break running workflows (non-determinism) fails here, in CI, before it ships.
 * Histories are written by the workflow integration tests to test-artifacts/histories/.
 */
describe('recorded workflow histories replay deterministically', () => {
  const files = readdirSync(HISTORIES).filter((file) => file.endsWith('.json'));

  it('there are recorded histories to replay', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', async (file) => {
    const history: unknown = JSON.parse(readFileSync(path.join(HISTORIES, file), 'utf8'));
    const results = Worker.runReplayHistories({ workflowBundle: await sharedBundle() }, [
      { workflowId: file.replace(/\.json$/, ''), history },
    ]);
    for await (const result of results)
      expect(result.error, `${file}: ${String(result.error)}`).toBeUndefined();
  });
});
