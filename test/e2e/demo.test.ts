import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/project-root.js';
import { findFreePort } from '../../lib/ports.js';
import type { DemoSummary } from '../../cli/demo/run-demo.js';
import { runKeel } from '../helpers/run-keel.js';

// The demo on its own embedded stack (data dir, ports): it runs on the real task queues, which must
// not be shared with the run's other test files.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'keel-test-demo-'));
chmodSync(dataDir, 0o755);
let env: Record<string, string>;
const summaries: DemoSummary[] = [];
const ARTIFACTS = path.join(PROJECT_ROOT, 'test-artifacts', 'ui');

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
  it('runs the desk end to end and its summary tells what happened', async () => {
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
    summaries.push(first);
  }, 900_000);

  it('the same seed gives the same summary (all but when the halt landed, and the links)', async () => {
    const [first] = summaries;
    expect(first, 'the demo test above must have run').toBeDefined();
    const second = await demo(7);
    const { halt: _h1, links: _l1, ...a } = first!;
    const { halt: _h2, links: _l2, ...b } = second;
    expect(b).toEqual(a);
    expect(second.halt.resumed).toBe(true);
    expect(second.links.burnIn).not.toBe(first!.links.burnIn);
  }, 900_000);

  it("the Temporal UI as the operator's console: a Keel search-attribute filter lists the denied orders, one history opens", async () => {
    const [summary] = summaries;
    expect(summary, 'the demo test above must have run').toBeDefined();
    const uiUrl = summary!.links.temporalUi;
    const account = summary!.links.desk.split('/workflows/desk-')[1]!;
    // No background networking: on a closed network Chromium's own connections would only fail.
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
      const query = `KeelKind = "order" AND KeelStatus = "DENIED" AND KeelAccount = "${account}"`;
      await page.goto(`${uiUrl}/namespaces/default/workflows?query=${encodeURIComponent(query)}`);
      const fatFinger = `order-ff-${account.replace(/^burn-/, '')}`.slice(0, 'order-'.length + 36);
      const link = page.getByRole('link', { name: fatFinger });
      await link.waitFor({ timeout: 60_000 });
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'ui-denied-orders.png'), fullPage: true });
      // Only the account's denied orders are listed: at least the fat-finger one, no workflow of another kind.
      const text = await page.locator('body').innerText();
      const listed = Number(/(\d+)\s+Workflows?\b/.exec(text)?.[1] ?? 0);
      // Every order on the account carries KeelKind and KeelAccount, the run's own ones included: the
      // list is exactly the account's denials (the gate's, and any the halt caught and the run placed again).
      expect(listed).toBe(summary!.ordersDenied + summary!.halt.ordersPlacedAgain);
      expect(await page.getByText(`burn-in-${account.replace(/^burn-/, '')}`).count()).toBe(0);
      expect(await page.getByText(`desk-${account}`).count()).toBe(0);

      await link.click();
      await page.waitForURL(/\/workflows\/order-ff-/, { timeout: 30_000 });
      await page.getByText('orderLifecycle').filter({ visible: true }).first().waitFor({ timeout: 60_000 });
      await page.screenshot({ path: path.join(ARTIFACTS, 'ui-denied-order-history.png'), fullPage: true });
      expect(existsSync(path.join(ARTIFACTS, 'ui-denied-order-history.png'))).toBe(true);
    } finally {
      await browser.close();
    }
  }, 300_000);
});

/** Debian's chromium, installed by scripts/test (CHROMIUM_PATH overrides). */
function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  if (!found)
    throw new Error("no Chromium found: scripts/test installs Debian's chromium (apt-get install chromium)");
  return found;
}
