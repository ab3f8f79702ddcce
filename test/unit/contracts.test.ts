import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/project-root.js';
import * as burnIn from '../../contracts/burn-in/burn-in-workflow.js';
import * as desk from '../../contracts/desk.js';
import * as exports from '../../contracts/export.js';
import * as orders from '../../contracts/orders.js';
import * as reconcile from '../../contracts/reconcile.js';
import * as systemCheck from '../../contracts/system-check.js';
import * as workflows from '../../workflows/index.js';

const contracts = [burnIn, desk, exports, orders, reconcile, systemCheck] as Record<string, unknown>[];

const workflowTypeNames = contracts.flatMap((module) =>
  Object.entries(module)
    .filter(([key]) => key.endsWith('_WORKFLOW'))
    .map(([, value]) => value as string),
);

const handlerNames = contracts.flatMap((module) =>
  Object.values(module).flatMap((value) =>
    typeof value === 'object' && value !== null && 'type' in value && 'name' in value
      ? [(value as { type: string; name: string }).name]
      : [],
  ),
);

function sourceFilesOutsideContracts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', '.git', '.tools', '.keel', 'contracts', 'test-artifacts', 'histories'].includes(
        entry.name,
      )
        ? []
        : sourceFilesOutsideContracts(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('the workflow contract', () => {
  it('names every workflow the worker registers, and only those', () => {
    expect(workflowTypeNames.sort()).toEqual(Object.keys(workflows).sort());
  });

  it('defines each signal, query and update by name once', () => {
    expect(handlerNames.length).toBeGreaterThanOrEqual(14);
  });

  it('is used by reference: no handler is called by a quoted name outside contracts/', () => {
    const quoted = new RegExp(
      String.raw`\.(?:signal|query|executeUpdate|startUpdate|signalWithStart)(?:<[^>]*>)?\(\s*'(?:${handlerNames.join('|')})'`,
    );
    const offenders = sourceFilesOutsideContracts(PROJECT_ROOT).filter((file) =>
      quoted.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((file) => path.relative(PROJECT_ROOT, file))).toEqual([]);
  });
});
