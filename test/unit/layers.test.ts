import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/project-root.js';
import { checkLayers, violationOf, type ImportEdge } from '../../scripts/layers/check-layers.js';
import { ENTRY_POINTS, LAYERS } from '../../scripts/layers/layer-graph.js';

const run = promisify(execFile);
const CHECK = path.join(PROJECT_ROOT, 'scripts', 'layers', 'check-layers.ts');
const TSX = `file://${path.join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')}`;

const edge = (file: string, specifier: string, typeOnly = false): ImportEdge => ({
  file,
  line: 1,
  specifier,
  target: specifier.startsWith('.')
    ? (path.normalize(path.join(path.dirname(file), specifier)).split(path.sep)[0] ?? '')
    : specifier,
  relative: specifier.startsWith('.'),
  typeOnly,
});

describe('the layer graph', () => {
  const copies: string[] = [];
  afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('holds on the tree as it is', () => {
    const { edges, violations } = checkLayers(PROJECT_ROOT);
    expect(edges.length).toBeGreaterThan(500);
    expect(violations.map(({ file, line, what, reason }) => `${file}:${line} ${what}: ${reason}`)).toEqual(
      [],
    );
  });

  it('has a folder for every layer and entry point, and no other top-level source folder', () => {
    const folders = readdirSync(PROJECT_ROOT, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .filter(
        (name) => !['node_modules', 'docs', 'bin', 'test-artifacts', 'coverage', 'dist'].includes(name),
      );
    expect(folders.sort()).toEqual([...LAYERS, ...Object.keys(ENTRY_POINTS)].sort());
  });

  it('bites: an upward import in a copy of the tree fails the check, naming the file and the fix', async () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'keel-layers-'));
    copies.push(copy);
    for (const folder of [...LAYERS, ...Object.keys(ENTRY_POINTS)])
      cpSync(path.join(PROJECT_ROOT, folder), path.join(copy, folder), { recursive: true });
    const before = await run(process.execPath, ['--import', TSX, CHECK, copy]);
    expect(before.stdout).toContain('all point down the graph');
    // Deep in domain/, reaching up into activities/: the kind of import the rule exists to stop.
    writeFileSync(
      path.join(copy, 'domain', 'orders', 'upward.ts'),
      "import { createOrderActivities } from '../../activities/orders/order-activities.js';\nexport const leak = createOrderActivities;\n",
    );
    const result = await run(process.execPath, ['--import', TSX, CHECK, copy]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "domain/orders/upward.ts:1: imports '../../activities/orders/order-activities.js': domain/ is below activities/",
    );
    expect(result.stderr).toContain('layers: 1 import(s) break the layer graph');
  }, 60_000);

  it('finds SQL run outside store/', async () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), 'keel-layers-sql-'));
    copies.push(copy);
    for (const folder of ['lib', 'activities'])
      cpSync(path.join(PROJECT_ROOT, folder), path.join(copy, folder), { recursive: true });
    writeFileSync(
      path.join(copy, 'activities', 'sneaky.ts'),
      "import type { Pool } from '../store/db.js';\nexport const count = (pool: Pool) =>\n  pool.query<{ n: string }>(`SELECT count(*) AS n FROM orders`);\n",
    );
    const result = await run(process.execPath, ['--import', TSX, CHECK, copy]).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('activities/sneaky.ts:3: runs SQL: SQL lives in store/');
  }, 60_000);

  it('tells value imports from type imports where workflows and pg are concerned', () => {
    expect(violationOf(edge('workflows/a.ts', '../activities/x.js', true))).toBeNull();
    expect(violationOf(edge('workflows/a.ts', '../activities/x.js'))).toContain(
      'move the definition into contracts/',
    );
    expect(violationOf(edge('workflows/a.ts', '../contracts/x.js'))).toBeNull();
    expect(violationOf(edge('activities/a.ts', 'pg', true))).toContain('store/db.js');
    expect(violationOf(edge('activities/a.ts', 'pg'))).toContain('only store');
    expect(violationOf(edge('store/a.ts', 'pg'))).toBeNull();
  });

  it('keeps entry points apart except where one runs another', () => {
    expect(violationOf(edge('cli/a.ts', '../workers/run-worker.js'))).toBeNull();
    expect(violationOf(edge('workers/a.ts', '../cli/main.js'))).toContain(
      'entry point workers/ may not import entry point cli/',
    );
    expect(violationOf(edge('client/a.ts', '../stack/dev-stack.js'))).toContain('client/ is below stack/');
  });
});
