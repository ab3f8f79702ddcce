import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../lib/project-root.js';
import { findFreePort } from '../../lib/ports.js';
import type { DemoSummary } from '../../cli/demo/run-demo.js';
import type { TruthReport } from '../../domain/report/truth-report.js';
import type { ExportManifest } from '../../domain/export/manifest.js';
import { summaryTables } from '../../cli/demo/summary-text.js';
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

describe("the README's demo summary", () => {
  it('is what `keel demo` prints for seed 42 over 30 days (./scripts/demo)', async () => {
    const result = await runKeel(['demo', '--days', '30', '--seed', '42', '--json'], env, 600_000);
    expect(result.code, result.stderr).toBe(0);
    const printed = summaryTables(JSON.parse(result.stdout) as DemoSummary);
    expect(printed).toMatch(/^operator halt +paused at \d+ %, resumed/m);
    expect(withoutHaltLine(readmeSummaryBlock())).toBe(withoutHaltLine(printed));
  }, 700_000);
});

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
    // Five market days and the day the run's end instant opens: every row of the run in one package.
    expect(first.packagesPublished).toBe(6);
    expect(first.packagesVerified).toBe(6);
    await expectPackagesHoldTheRun(first);
    expect(first.decisionPoints.scheduled).toBe(5 * 24 + 1);
    expect(first.decisionPoints.evaluated + first.decisionPoints.skipped).toBe(
      first.decisionPoints.scheduled,
    );
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

/** The README's demo summary block: the fenced text block that starts with the gate table. */
function readmeSummaryBlock(): string {
  const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const block = /```text\n(gate +value +threshold +result\n[\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md has no ```text block starting with the gate table');
  return block[1]!;
}

/** The operator halt line varies with the machine's timing (where the halt lands); the rest may not. */
const withoutHaltLine = (text: string) => text.replace(/^operator halt .*$/m, 'operator halt (varies)');

/**
 * The run's packages, summed, hold exactly what its report counts: every decision, every order of
 * the run (those a halt denied and the run placed again included), every settlement, the fat-finger
 * order, one risk decision per order that met the gate, and every fill the venue made.
 */
async function expectPackagesHoldTheRun(summary: DemoSummary): Promise<void> {
  const report = JSON.parse(
    readFileSync(path.join(path.dirname(summary.links.reportHtml), 'report.json'), 'utf8'),
  ) as TruthReport;
  const rows = (file: string) =>
    readdirSync(summary.links.publishRoot)
      .filter((dir) => /^\d{4}-\d{2}-\d{2}$/.test(dir))
      .map(
        (dir) =>
          JSON.parse(
            readFileSync(path.join(summary.links.publishRoot, dir, 'manifest.json'), 'utf8'),
          ) as ExportManifest,
      )
      .reduce((sum, manifest) => sum + manifest.files.find((f) => f.name === file)!.rows, 0);
  const { counts } = report;
  const haltDenials = counts.haltDenials ?? 0;
  expect(rows('decisions.csv')).toBe(counts.decisions);
  expect(rows('orders.csv')).toBe(counts.orders + haltDenials + counts.settlements + 1);
  expect(rows('risk_decisions.csv')).toBe(counts.orders + haltDenials + 1);
  expect(rows('tca.csv')).toBe(rows('orders.csv'));
  // Every fill (trade or settlement) the venue made on the run's account, each in one package.
  const account = path.basename(summary.links.publishRoot);
  const venue = (await (
    await fetch(`http://127.0.0.1:${env.KEEL_SIM_PORT}/sim/accounts/${account}`)
  ).json()) as {
    trades: number;
  };
  expect(rows('fills.csv')).toBe(venue.trades);
}

/** Debian's chromium, installed by scripts/test (CHROMIUM_PATH overrides). */
function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((candidate) => candidate && existsSync(candidate));
  if (!found)
    throw new Error("no Chromium found: scripts/test installs Debian's chromium (apt-get install chromium)");
  return found;
}
