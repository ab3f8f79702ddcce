import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { historyToJSON, type History } from '@temporalio/common/lib/proto-utils.js';
import { afterAll } from 'vitest';
import { PROJECT_ROOT } from '../../lib/project-root.js';

/** Where the workflow tests leave the histories they produce; copy one to test/histories/ to pin it. */
export const HISTORY_ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts', 'histories');

/** Writes one history as test-artifacts/histories/<name>.json, in the format test/histories/ holds. */
export function saveHistory(name: string, history: History): void {
  mkdirSync(HISTORY_ARTIFACTS, { recursive: true });
  writeFileSync(path.join(HISTORY_ARTIFACTS, `${name}.json`), historyToJSON(history));
}

/** [label, workflowId] pairs; each is saved as `<prefix>-<label>.json` once the file's tests are done. */
export type RecordedHistories = [label: string, workflowId: string][];

/**
 * The histories a test file records: push `[label, workflowId]` onto the returned list; after all
 * the file's tests, each workflow's history is fetched and saved as `<prefix>-<label>.json`.
 * Call it after `useTestStack`, so the histories are saved before the client is closed.
 */
export function useHistoryRecorder(client: Client, prefix: string): RecordedHistories {
  const recorded: RecordedHistories = [];
  afterAll(async () => {
    for (const [label, workflowId] of recorded)
      saveHistory(`${prefix}-${label}`, await client.workflow.getHandle(workflowId).fetchHistory());
  });
  return recorded;
}
