import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../runtime/stack/ports.js';
import type { DemoSummary } from '../../runtime/demo/run-demo.js';
import { runKeel } from '../helpers/run-keel.js';

// The demo on its own embedded stack (data dir, ports): it runs on the real task queues, which must
// not be shared with the run's other test files.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keel-test-demo-'));
chmodSync(dataDir, 0o755);
let env: Record<string, string>;

beforeAll(async () => {
  env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/root',
    KEEL_DATA_DIR: dataDir,
    KEEL_TEMPORAL_PORT: String(await findFreePort()),
    KEEL_TEMPORAL_UI_PORT: String(await findFreePort()),
    KEEL_POSTGRES_PORT: String(await findFreePort()),
    KEEL_SIM_PORT: String(await findFreePort()),
    KEEL_HEALTH_PORT: '0',
    KEEL_HEADLESS: 'true',
    KEEL_LOG_LEVEL: 'warn',
  };
  const up = await runKeel(['dev', 'up'], env, 180_000);
  expect(up.code, up.stderr).toBe(0);
  const worker = await runKeel(['worker', '--detach'], env, 180_000);
  expect(worker.code, worker.stderr).toBe(0);
}, 240_000);

afterAll(async () => {
  await runKeel(['dev', 'down'], env);
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

async function demo(seed: number): Promise<DemoSummary> {
  const result = await runKeel(['demo', '--days', '5', '--seed', String(seed), '--json'], env, 400_000);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as DemoSummary;
}

describe('keel demo (reduced: 5 market days)', () => {
  it('runs the desk end to end and its summary tells what happened; the same seed gives the same summary', async () => {
    const first = await demo(7);
    expect(['PASS', 'FAIL']).toContain(first.verdict);
    expect(first.marketDays).toBe(5);
    expect(first.gates.length).toBeGreaterThan(0);
    for (const gate of first.gates) {
      expect(gate.threshold).toMatch(/^(>=|>|<=|<) -?\d/);
      expect(['PASS', 'FAIL']).toContain(gate.result);
    }
    expect(first.verdict === 'PASS').toBe(first.gates.every((gate) => gate.result === 'PASS'));
    expect(first.ordersSent).toBeGreaterThan(0);
    // At least the scripted fat-finger order (5,000 BTC) is denied by the gate; one denied order is linked.
    expect(first.ordersDenied).toBeGreaterThanOrEqual(1);
    expect(first.links.deniedOrder).toMatch(/\/workflows\/order-/);
    expect(first.halt.pausedAtProgress).toBeGreaterThanOrEqual(0.5);
    expect(first.halt.resumed).toBe(true);
    expect(first.driftsFound).toBe(0);
    expect(first.packagesPublished).toBe(5);
    expect(first.packagesVerified).toBe(5);
    expect(existsSync(first.links.reportHtml)).toBe(true);
    expect(first.links.burnIn).toContain('/workflows/burn-in-demo-7-');
    expect(first.links.desk).toContain('/workflows/desk-burn-demo-7-');

    const second = await demo(7);
    const comparable = ({ links: _links, halt: _halt, ...summary }: DemoSummary) => summary;
    expect(comparable(second)).toEqual(comparable(first));
  }, 900_000);
});
