import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  TRUTH_REPORT_SCHEMA_VERSION,
  type ReportSlice,
  type ReportTrade,
  type TruthReport,
} from '../../domain/report/truth-report.js';
import {
  renderCalibrationChart,
  renderDrawdownChart,
  renderEquityChart,
  renderMonthlyReturnsChart,
  renderReportCharts,
} from '../../domain/report/charts.js';
import { escapeHtml, formatNumber, renderReportHtml } from '../../domain/report/render-html.js';
import { truthReportHash, writeTruthReport } from '../../store/reports/write-report.js';

const DAY = 86_400_000;
const START = Date.parse('2025-01-01T00:00:00Z');
const EVIL_NAME = '<script>alert("pwn")</script> & momentum';

/** A deterministic 90-day burn-in report: two strategies, 60 trades, regimes, gates, calibration. */
function fixtureReport(): TruthReport {
  const equity: { time: number; equity: number }[] = [];
  let value = 10_000;
  for (let day = 0; day < 90; day++) {
    // A wobbly upward curve with a February drawdown, deterministic without any RNG.
    const drift = day >= 31 && day < 50 ? -0.004 : 0.003;
    value = Math.round(value * (1 + drift + 0.002 * Math.sin(day * 1.7)) * 100) / 100;
    equity.push({ time: START + (day + 1) * DAY, equity: value });
  }
  let peak = -Infinity;
  const drawdown = equity.map((p) => {
    peak = Math.max(peak, p.equity);
    return { time: p.time, drawdown: 1 - p.equity / peak };
  });
  const periodReturns = equity.slice(1).map((p, i) => ({
    periodStart: equity[i]!.time,
    time: p.time,
    return: p.equity / equity[i]!.equity - 1,
  }));

  const trades: ReportTrade[] = Array.from({ length: 60 }, (_, i) => {
    const binary = i % 3 === 0;
    const net = Math.round(Math.sin(i * 2.3) * 4000) / 100;
    return {
      tradeId: `T${String(i).padStart(3, '0')}`,
      strategy: binary ? 'binary-edge' : EVIL_NAME,
      symbol: binary ? 'BTC-UP-2025' : 'BTC/USDT',
      kind: binary ? 'binary' : 'spot',
      entryTime: START + i * DAY + 3_600_000,
      exitTime: START + i * DAY + 7_200_000,
      entryPrice: binary ? 0.55 : 42_000 + i * 10,
      exitPrice: binary ? (net > 0 ? 1 : 0) : 42_000 + i * 10 + net * 10,
      quantity: binary ? 100 : 0.1,
      grossPnl: net + 0.5,
      fees: 0.5,
      netPnl: net,
      returnPct: net / 4200,
      entryReason: `signal z=${(i % 7) / 3}`,
      exitReason: binary ? 'market settled' : 'take profit',
      exitKind: binary ? 'settlement' : i === 59 ? 'end_of_run' : 'signal',
      probability: binary ? 0.55 + (i % 5) / 20 : null,
      outcome: binary ? (net > 0 ? 1 : 0) : null,
      regime: { vol: i % 2 === 0 ? 'high' : 'low', trend: i % 4 < 2 ? 'up' : 'down' },
    };
  });
  const slice = (key: string, n: number, pnl: number): ReportSlice => ({
    key,
    trades: n,
    netPnl: pnl,
    fees: n * 0.5,
    winRate: 0.55,
    expectancy: pnl / n,
    sharpePerTrade: 0.12,
  });

  return {
    schemaVersion: TRUTH_REPORT_SCHEMA_VERSION,
    runId: 'burnin-2025-q1-0001',
    status: 'FAIL',
    statusReason: 'gate max_drawdown failed',
    strategy: {
      name: EVIL_NAME,
      configHash: 'c0ffee'.repeat(10) + 'beef',
      config: { lookback: 20, zEntry: 1.5, symbols: ['BTC/USDT'], sizing: { kind: 'fixed', notional: 4200 } },
    },
    dataset: {
      manifestHash: 'da7a'.repeat(16),
      symbols: ['BTC/USDT', 'BTC-UP-2025'],
      from: START,
      to: START + 90 * DAY,
      rows: 129_600,
    },
    account: 'paper-desk-1',
    seed: 42,
    codeVersion: 'abc1234-dirty',
    marketTime: { from: START, to: START + 90 * DAY },
    gateProfile: 'predictionMarket',
    execution: {
      latencyMs: 250,
      slippage: { kind: 'volatility', k: 0.5, lookbackBars: 24 },
      participationRate: 0.05,
      feeTiers: [{ minQuoteVolume: 0, maker: 0.0008, taker: 0.001 }],
    },
    gates: [
      { name: 'min_sharpe', metric: 'sharpe', value: 1.25, threshold: 1, op: '>=', result: 'PASS' },
      {
        name: 'max_drawdown',
        metric: 'maxDrawdown',
        value: 0.0875,
        threshold: 0.05,
        op: '<=',
        result: 'FAIL',
        reason: 'drawdown 8.75% above 5%',
      },
      {
        name: 'min_brier_skill',
        metric: 'brierSkill',
        value: null,
        threshold: 0,
        op: '>',
        result: 'FAIL',
        reason: 'metric undefined: fewer than 30 binary trades',
      },
    ],
    metrics: {
      sharpe: { value: 1.25, defined: true },
      sortino: { value: 1.8125, defined: true },
      maxDrawdown: { value: 0.0875, defined: true },
      totalReturn: { value: equity.at(-1)!.equity / 10_000 - 1, defined: true },
      brierSkill: { value: 0, defined: false, reason: 'fewer than 30 binary trades' },
    },
    periodsPerYear: 365,
    periodReturns,
    equity,
    drawdown,
    calibrationBins: [
      { lower: 0.5, upper: 0.6, count: 8, meanForecast: 0.55, observedFrequency: 0.5 },
      { lower: 0.6, upper: 0.7, count: 4, meanForecast: 0.65, observedFrequency: 0.75 },
      { lower: 0.7, upper: 0.8, count: 6, meanForecast: 0.72, observedFrequency: 0.6667 },
      { lower: 0.8, upper: 0.9, count: 0, meanForecast: 0, observedFrequency: 0 },
    ],
    byStrategy: [slice(EVIL_NAME, 40, 120.5), slice('binary-edge', 20, -35.25)],
    byRegime: {
      vol: [slice('high', 30, 100), slice('low', 30, -14.75)],
      trend: [slice('up', 30, 50), slice('down', 30, 35.25)],
    },
    trades,
    counts: { decisions: 2160, orders: 130, denied: 10, filled: 120, settlements: 20 },
    decisionPoints: {
      scheduled: 2161,
      evaluated: 2100,
      skipped: [
        {
          reason: "the clock moved past it while the previous decision point's orders finished at the venue",
          count: 61,
        },
      ],
      notReached: 0,
    },
  };
}

function sectionHtml(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}">`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</section>', start));
}

function countOf(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('renderReportHtml', () => {
  const report = fixtureReport();
  const html = renderReportHtml(report);

  it('puts the gate table first after the header, with each gate value, threshold and result', () => {
    const headerEnd = html.indexOf('</header>');
    const sectionStarts = [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]);
    expect(sectionStarts[0]).toBe('gates');
    expect(html.indexOf('<section id="gates">')).toBeGreaterThan(headerEnd);
    expect(sectionStarts).toEqual([
      'gates',
      'metrics',
      'charts',
      'by-strategy',
      'by-regime',
      'trades',
      'config',
    ]);

    const rows = sectionHtml(html, 'gates').split('<tr').slice(2); // skip the table's header row
    expect(rows).toHaveLength(3);
    const cells = rows.map((row) => [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]));
    expect(cells[0]?.slice(0, 5)).toEqual(['min_sharpe', '<code>sharpe</code>', '1.25', '&gt;=', '1']);
    expect(cells[0]?.[5]).toContain('PASS');
    expect(cells[1]?.slice(0, 5)).toEqual([
      'max_drawdown',
      '<code>maxDrawdown</code>',
      '0.0875',
      '&lt;=',
      '0.05',
    ]);
    expect(cells[1]?.[5]).toContain('FAIL');
    expect(cells[1]?.[6]).toBe('drawdown 8.75% above 5%');
    expect(cells[2]?.slice(2, 5)).toEqual(['—', '&gt;', '0']);
    expect(cells[2]?.[5]).toContain('FAIL');
    expect(cells[2]?.[6]).toBe('metric undefined: fewer than 30 binary trades');
  });

  it('shows the header: run id, status badge, account, seed, ISO market times, code version', () => {
    const header = html.slice(0, html.indexOf('</header>'));
    expect(header).toContain('burnin-2025-q1-0001');
    expect(header).toContain('<span class="badge badge-fail">FAIL</span>');
    expect(header).toContain('gate max_drawdown failed');
    expect(header).toContain('paper-desk-1');
    expect(header).toContain('<td>42</td>');
    expect(header).toContain('2025-01-01T00:00:00.000Z');
    expect(header).toContain('2025-04-01T00:00:00.000Z');
    expect(header).toContain('<th>Gate profile</th><td><code>predictionMarket</code></td>');
    expect(header).toContain(
      'latency 250 ms · slippage volatility (k 0.5, lookbackBars 24) · participation 0.05 · fee tiers 1 (first: maker 0.0008, taker 0.001)',
    );
    expect(header).toContain('abc1234-dirty');
  });

  it('lists every metric, undefined ones as — with their reason', () => {
    const metrics = sectionHtml(html, 'metrics');
    for (const name of Object.keys(report.metrics)) expect(metrics).toContain(`<code>${name}</code>`);
    expect(metrics).toContain('<td class="num">1.8125</td>');
    expect(metrics).toMatch(
      /<code>brierSkill<\/code><\/td><td class="num undefined">—<\/td><td>fewer than 30 binary trades<\/td>/,
    );
    expect(metrics).toContain('<td>filled</td><td class="num">120</td>');
  });

  it('embeds the four charts as inline SVG with per-chart ids', () => {
    expect(countOf(html, '<svg ')).toBe(4);
    expect(countOf(html, '</svg>')).toBe(4);
    for (const id of ['keel-equity', 'keel-drawdown', 'keel-monthly', 'keel-calibration']) {
      expect(html).toContain(`${id}-cls-0`);
    }
    expect(html).not.toMatch(/\bzr\d+-/);
  });

  it('has per-strategy, per-regime (one table per tag) and the last 50 trades', () => {
    expect(sectionHtml(html, 'by-strategy')).toContain('binary-edge');
    const regimes = sectionHtml(html, 'by-regime');
    expect(regimes).toContain('<h3>trend</h3>');
    expect(regimes).toContain('<h3>vol</h3>');
    expect(countOf(regimes, '<table')).toBe(2);
    const trades = sectionHtml(html, 'trades');
    expect(trades).toContain('Last 50 of 60 trades');
    expect(countOf(trades, '<tr>')).toBe(51); // header + 50
    expect(trades).not.toContain('>T009<');
    expect(trades).toContain('>T010<');
    expect(trades).toContain('>T059<');
    expect(trades).toContain('trend=down, vol=low');
  });

  it('shows the config as pretty JSON and the hashes', () => {
    const config = sectionHtml(html, 'config');
    expect(config).toContain('&quot;lookback&quot;: 20');
    expect(config).toContain(report.strategy.configHash);
    expect(config).toContain(report.dataset.manifestHash);
    expect(renderReportHtml(report, { reportHash: 'f'.repeat(64) })).toContain('f'.repeat(64));
  });

  it('escapes all text', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;pwn&quot;)&lt;/script&gt; &amp; momentum');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('is self-contained: no external URLs, scripts, stylesheets or fonts', () => {
    const withoutXmlns = html.replace(/ xmlns(:xlink)?="http:\/\/www\.w3\.org\/[^"]*"/g, '');
    expect(withoutXmlns).not.toContain('http://');
    expect(withoutXmlns).not.toContain('https://');
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/\bsrc\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    // Only in-document references (clip paths): url(#...).
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  it('is deterministic, however many charts were rendered before', () => {
    renderEquityChart(report.equity);
    renderCalibrationChart(report.calibrationBins);
    expect(renderReportHtml(fixtureReport())).toBe(html);
  });

  it('renders a report with no data at all', () => {
    const empty: TruthReport = {
      ...report,
      status: 'ERROR',
      gates: [],
      metrics: {},
      periodReturns: [],
      equity: [],
      drawdown: [],
      calibrationBins: [],
      byStrategy: [],
      byRegime: {},
      trades: [],
      marketTime: { from: NaN, to: NaN },
      strategy: { ...report.strategy, config: undefined },
    };
    const out = renderReportHtml(empty);
    expect(countOf(out, '<svg ')).toBe(4);
    expect(countOf(out, 'no data')).toBe(4);
    expect(out).toContain('<span class="badge badge-error">ERROR</span>');
    expect(out).toContain('No gates configured.');
  });
});

describe('charts', () => {
  const report = fixtureReport();

  it('render the same SVG twice for the same input', () => {
    const first = renderReportCharts(report);
    const second = renderReportCharts(report);
    expect(second).toEqual(first);
    for (const svg of [first.equity, first.drawdown, first.monthlyReturns, first.calibration]) {
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).not.toContain('no data');
    }
  });

  it('color monthly bars by sign, and draw the calibration diagonal and sized bins', () => {
    const monthly = renderMonthlyReturnsChart([
      { month: '2025-01', return: 0.1 },
      { month: '2025-02', return: -0.05 },
      { month: '2025-03', return: NaN },
    ]);
    expect(monthly).toContain('#1e8449');
    expect(monthly).toContain('#c0392b');
    expect(monthly).toContain('2025-02');
    expect(monthly).toContain('-5.0%');
    const calibration = renderCalibrationChart(report.calibrationBins);
    expect(calibration).toContain('Perfect calibration');
    expect(calibration).toContain('stroke-dasharray');
  });

  it('render a "no data" chart for empty input instead of throwing', () => {
    for (const svg of [
      renderEquityChart([]),
      renderDrawdownChart([]),
      renderMonthlyReturnsChart([]),
      renderCalibrationChart([{ lower: 0, upper: 0.1, count: 0, meanForecast: 0, observedFrequency: 0 }]),
    ]) {
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain('no data');
    }
  });

  it('formats numbers independent of locale', () => {
    expect(formatNumber(1.25)).toBe('1.25');
    expect(formatNumber(12_345.6789)).toBe('12345.68');
    expect(formatNumber(0.123456789)).toBe('0.123457');
    expect(formatNumber(NaN)).toBe('—');
  });
});

describe('writeTruthReport', () => {
  const dirs: string[] = [];
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'keel-truth-report-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('writes report.json (round-tripping) and report.html, and nothing else', async () => {
    const dir = await tempDir();
    const outDir = join(dir, 'nested', 'run');
    const report = fixtureReport();
    const written = await writeTruthReport(report, outDir);
    expect(written.jsonPath).toBe(join(outDir, 'report.json'));
    expect(written.htmlPath).toBe(join(outDir, 'report.html'));
    expect(written.reportHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await readdir(outDir)).sort()).toEqual(['report.html', 'report.json']);

    const json = JSON.parse(await readFile(written.jsonPath, 'utf8')) as TruthReport;
    expect(json).toEqual(report);
    expect(truthReportHash(json)).toBe(written.reportHash);
    const html = await readFile(written.htmlPath, 'utf8');
    expect(html).toBe(renderReportHtml(report, { reportHash: written.reportHash }));
    expect(html).toContain(written.reportHash);
  });

  it('gives the same hash for the same report (any key order) and a different one for a different report', async () => {
    const a = await writeTruthReport(fixtureReport(), await tempDir());
    const b = await writeTruthReport(fixtureReport(), await tempDir());
    expect(b.reportHash).toBe(a.reportHash);

    const reordered = Object.fromEntries(Object.entries(fixtureReport()).reverse()) as unknown as TruthReport;
    expect(truthReportHash(reordered)).toBe(a.reportHash);

    const changed = fixtureReport();
    changed.trades[0]!.netPnl += 0.01;
    const c = await writeTruthReport(changed, await tempDir());
    expect(c.reportHash).not.toBe(a.reportHash);
    expect(truthReportHash({ ...fixtureReport(), seed: 43 })).not.toBe(a.reportHash);
  });

  it('overwrites an existing report in place', async () => {
    const dir = await tempDir();
    await writeTruthReport(fixtureReport(), dir);
    const second = await writeTruthReport({ ...fixtureReport(), status: 'PASS' }, dir);
    expect((await readdir(dir)).sort()).toEqual(['report.html', 'report.json']);
    expect((JSON.parse(await readFile(second.jsonPath, 'utf8')) as TruthReport).status).toBe('PASS');
  });

  it('refuses numbers JSON cannot hold, writing nothing', async () => {
    const dir = await tempDir();
    const report = fixtureReport();
    report.metrics['brierSkill'] = { value: NaN, defined: false, reason: 'undefined' };
    await expect(writeTruthReport(report, dir)).rejects.toThrow(/metrics\.brierSkill\.value/);
    expect(await readdir(dir)).toEqual([]);
  });
});
