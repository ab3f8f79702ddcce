/**
 * report.html: one self-contained page (inline CSS and SVG, no scripts, fonts or URLs) that shows a burn-in's
 * verdict first (gates), then the evidence (metrics, charts, slices, trades) and what produced it.
 */
import type { ReportExecution, ReportGate, ReportSlice, ReportTrade, TruthReport } from './truth-report.js';
import { renderReportCharts } from './charts.js';

export interface RenderReportHtmlOptions {
  /** The report's hash (see writeTruthReport), shown with the other hashes when given. */
  reportHash?: string;
}

/** How many of the most recent trades the page lists. */
export const REPORT_HTML_TRADE_LIMIT = 50;

export function renderReportHtml(report: TruthReport, options: RenderReportHtmlOptions = {}): string {
  const charts = renderReportCharts(report);
  const title = `Keel truth report: ${report.runId}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    // Nothing may load: the page is an archived artifact and must render the same offline, forever.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    renderHeader(report),
    renderGates(report.gates),
    renderMetrics(report),
    section(
      'charts',
      'Charts',
      `<div class="charts">${[charts.equity, charts.drawdown, charts.monthlyReturns, charts.calibration]
        .map((svg) => `<figure class="chart">${svg}</figure>`)
        .join('\n')}</div>`,
    ),
    section('by-strategy', 'By strategy', sliceTable(report.byStrategy)),
    renderRegimes(report.byRegime),
    renderTrades(report.trades),
    renderConfig(report, options),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderHeader(report: TruthReport): string {
  const rows: [string, string][] = [
    ['Strategy', esc(report.strategy.name)],
    ['Account', esc(report.account)],
    ['Seed', esc(String(report.seed))],
    ['Market time', `${esc(isoTime(report.marketTime.from))} → ${esc(isoTime(report.marketTime.to))}`],
    [
      'Dataset',
      `${esc(report.dataset.symbols.join(', '))} · ${esc(formatNumber(report.dataset.rows))} rows · ` +
        `${esc(isoTime(report.dataset.from))} → ${esc(isoTime(report.dataset.to))}`,
    ],
    ['Gate profile', `<code>${esc(report.gateProfile)}</code>`],
    ['Execution models', esc(describeExecution(report.execution))],
    ['Code version', `<code>${esc(report.codeVersion)}</code>`],
    ['Schema version', esc(String(report.schemaVersion))],
  ];
  const reason =
    report.statusReason !== undefined ? `<p class="status-reason">${esc(report.statusReason)}</p>` : '';
  return [
    '<header>',
    `<h1>Truth report <code>${esc(report.runId)}</code> ${statusBadge(report.status)}</h1>`,
    reason,
    `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${v}</td></tr>`).join('')}</tbody></table>`,
    '</header>',
  ].join('\n');
}

/** e.g. `latency 100 ms · slippage fixedBps (bps 1) · participation 0.1 · fee tiers 4 (first: maker 0.001, taker 0.001)`. */
function describeExecution(execution: ReportExecution): string {
  const { kind, ...parameters } = execution.slippage;
  const slippage = Object.entries(parameters)
    .map(([name, value]) => `${name} ${typeof value === 'number' ? formatNumber(value) : value}`)
    .join(', ');
  const first = execution.feeTiers[0];
  return [
    `latency ${formatNumber(execution.latencyMs)} ms`,
    `slippage ${kind}${slippage ? ` (${slippage})` : ''}`,
    `participation ${formatNumber(execution.participationRate)}`,
    `fee tiers ${execution.feeTiers.length}` +
      (first ? ` (first: maker ${formatNumber(first.maker)}, taker ${formatNumber(first.taker)})` : ''),
  ].join(' · ');
}

function renderGates(gates: readonly ReportGate[]): string {
  if (gates.length === 0) return section('gates', 'Gates', '<p class="empty">No gates configured.</p>');
  const rows = gates.map(
    (gate) =>
      `<tr class="${gate.result === 'PASS' ? 'row-pass' : 'row-fail'}">` +
      `<td>${esc(gate.name)}</td>` +
      `<td><code>${esc(gate.metric)}</code></td>` +
      `<td class="num">${gate.value === null ? '—' : esc(formatNumber(gate.value))}</td>` +
      `<td class="op">${esc(gate.op)}</td>` +
      `<td class="num">${esc(formatNumber(gate.threshold))}</td>` +
      `<td>${statusBadge(gate.result)}</td>` +
      `<td>${esc(gate.reason ?? '')}</td>` +
      '</tr>',
  );
  return section(
    'gates',
    'Gates',
    table(['Gate', 'Metric', 'Value', 'Op', 'Threshold', 'Result', 'Reason'], rows, 'gates'),
  );
}

function renderMetrics(report: TruthReport): string {
  const rows = Object.entries(report.metrics).map(
    ([name, metric]) =>
      `<tr><td><code>${esc(name)}</code></td>` +
      (metric.defined
        ? `<td class="num">${esc(formatNumber(metric.value))}</td><td>${esc(metric.reason ?? '')}</td>`
        : `<td class="num undefined">—</td><td>${esc(metric.reason ?? 'undefined')}</td>`) +
      '</tr>',
  );
  const counts: [string, number][] = [
    ['decisions', report.counts.decisions],
    ['orders', report.counts.orders],
    ['denied', report.counts.denied],
    ['filled', report.counts.filled],
    ['settlements', report.counts.settlements],
    ...(report.counts.haltDenials
      ? [
          ['denied by a desk halt, placed again after the resume', report.counts.haltDenials] as [
            string,
            number,
          ],
        ]
      : []),
    ['trades', report.trades.length],
    ['periods per year', report.periodsPerYear],
    // Reports written before schema 2 did not count decision points.
    ...decisionPointCounts(report),
  ];
  const countRows = counts.map(
    ([name, value]) => `<tr><td>${esc(name)}</td><td class="num">${esc(formatNumber(value))}</td></tr>`,
  );
  return section(
    'metrics',
    'Key metrics',
    (rows.length === 0
      ? '<p class="empty">No metrics.</p>'
      : table(['Metric', 'Value', 'Note'], rows, 'metrics')) + table(['Count', 'Value'], countRows, 'counts'),
  );
}

function sliceTable(slices: readonly ReportSlice[]): string {
  if (slices.length === 0) return '<p class="empty">No trades.</p>';
  const rows = slices.map(
    (slice) =>
      `<tr><td>${esc(slice.key)}</td>` +
      [slice.trades, slice.netPnl, slice.fees]
        .map((value) => `<td class="num">${esc(formatNumber(value))}</td>`)
        .join('') +
      `<td class="num">${esc(formatPercent(slice.winRate))}</td>` +
      [slice.expectancy, slice.sharpePerTrade]
        .map((value) => `<td class="num">${esc(formatNumber(value))}</td>`)
        .join('') +
      '</tr>',
  );
  return table(
    ['Key', 'Trades', 'Net PnL', 'Fees', 'Win rate', 'Expectancy', 'Sharpe / trade'],
    rows,
    'slices',
  );
}

function renderRegimes(byRegime: Record<string, ReportSlice[]>): string {
  const tags = Object.keys(byRegime).sort();
  if (tags.length === 0) return section('by-regime', 'By regime', '<p class="empty">No regime tags.</p>');
  return section(
    'by-regime',
    'By regime',
    tags.map((tag) => `<h3>${esc(tag)}</h3>\n${sliceTable(byRegime[tag] ?? [])}`).join('\n'),
  );
}

function renderTrades(trades: readonly ReportTrade[]): string {
  const recent = lastTrades(trades, REPORT_HTML_TRADE_LIMIT);
  const heading =
    trades.length > recent.length
      ? `Last ${recent.length} of ${trades.length} trades`
      : `Trades (${trades.length})`;
  if (recent.length === 0) return section('trades', heading, '<p class="empty">No trades.</p>');
  const rows = recent.map(
    (trade) =>
      '<tr>' +
      `<td>${esc(trade.tradeId)}</td>` +
      `<td>${esc(trade.strategy)}</td>` +
      `<td>${esc(trade.symbol)}</td>` +
      `<td>${esc(trade.kind)}</td>` +
      `<td class="time">${esc(isoTime(trade.entryTime))}</td>` +
      `<td class="time">${esc(isoTime(trade.exitTime))}</td>` +
      [trade.entryPrice, trade.exitPrice, trade.quantity, trade.grossPnl, trade.fees, trade.netPnl]
        .map((value) => `<td class="num">${esc(formatNumber(value))}</td>`)
        .join('') +
      `<td class="num">${esc(formatPercent(trade.returnPct))}</td>` +
      `<td>${esc(trade.entryReason)}</td>` +
      `<td>${esc(trade.exitReason)} <span class="muted">(${esc(trade.exitKind)})</span></td>` +
      `<td class="num">${trade.probability === null ? '—' : esc(formatNumber(trade.probability))}</td>` +
      `<td class="num">${trade.outcome === null ? '—' : esc(String(trade.outcome))}</td>` +
      `<td>${esc(
        Object.keys(trade.regime)
          .sort()
          .map((key) => `${key}=${trade.regime[key] ?? ''}`)
          .join(', '),
      )}</td>` +
      '</tr>',
  );
  return section(
    'trades',
    heading,
    table(
      [
        'Trade',
        'Strategy',
        'Symbol',
        'Kind',
        'Entry (UTC)',
        'Exit (UTC)',
        'Entry price',
        'Exit price',
        'Qty',
        'Gross PnL',
        'Fees',
        'Net PnL',
        'Return',
        'Entry reason',
        'Exit reason',
        'P',
        'Outcome',
        'Regime',
      ],
      rows,
      'trades',
    ),
  );
}

function renderConfig(report: TruthReport, options: RenderReportHtmlOptions): string {
  const hashes: [string, string][] = [
    ['Config hash', report.strategy.configHash],
    ['Dataset manifest hash', report.dataset.manifestHash],
  ];
  if (options.reportHash !== undefined) hashes.push(['Report hash', options.reportHash]);
  return section(
    'config',
    'Config and hashes',
    `<table class="kv"><tbody>${hashes
      .map(([k, v]) => `<tr><th>${esc(k)}</th><td><code>${esc(v)}</code></td></tr>`)
      .join('')}</tbody></table>\n<pre class="config">${esc(prettyJson(report.strategy.config))}</pre>`,
  );
}

/** The most recent `limit` trades, oldest first (by exit, then entry time, then id). */
function lastTrades(trades: readonly ReportTrade[], limit: number): ReportTrade[] {
  return trades
    .slice()
    .sort(
      (a, b) =>
        a.exitTime - b.exitTime ||
        a.entryTime - b.entryTime ||
        (a.tradeId < b.tradeId ? -1 : a.tradeId > b.tradeId ? 1 : 0),
    )
    .slice(-limit);
}

function decisionPointCounts(report: TruthReport): [string, number][] {
  const points = report.decisionPoints as TruthReport['decisionPoints'] | undefined;
  if (!points) return [];
  return [
    ['decision points scheduled', points.scheduled],
    ['decision points evaluated', points.evaluated],
    ...points.skipped.map(({ reason, count }): [string, number] => [
      `decision points skipped: ${reason}`,
      count,
    ]),
    ...(points.notReached > 0
      ? [['decision points not reached (the run ended first)', points.notReached] as [string, number]]
      : []),
  ];
}

function section(id: string, heading: string, body: string): string {
  return `<section id="${esc(id)}">\n<h2>${esc(heading)}</h2>\n${body}\n</section>`;
}

function table(headers: readonly string[], rows: readonly string[], className: string): string {
  return (
    `<table class="${esc(className)}"><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>\n${rows.join('\n')}\n</tbody></table>`
  );
}

function statusBadge(status: string): string {
  return `<span class="badge badge-${esc(status.toLowerCase())}">${esc(status)}</span>`;
}

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const esc = escapeHtml;

/**
 * A number for display, independent of locale: integers as they are, others to 6 significant digits
 * (2 decimals from 1000 up); NaN and infinities as '—'.
 */
export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (Number.isInteger(value)) return String(value);
  if (Math.abs(value) >= 1000) return value.toFixed(2);
  return String(Number(value.toPrecision(6)));
}

/** A fraction as a percentage with 2 decimals (0.1234 → '12.34%'). */
export function formatPercent(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(2)}%`;
}

/** A millisecond timestamp as an ISO-8601 UTC string, or '—' when it is not a valid time. */
export function isoTime(time: number): string {
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? '—' : date.toISOString();
}

function prettyJson(value: unknown): string {
  if (value === undefined) return '(none)';
  try {
    return JSON.stringify(value, null, 2) ?? '(not JSON)';
  } catch (error) {
    return `(config could not be shown: ${error instanceof Error ? error.message : String(error)})`;
  }
}

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; margin: 24px;
  color: #222; background: #fafafa; font-size: 14px; line-height: 1.4; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 6px; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
table { border-collapse: collapse; background: #fff; margin: 6px 0 12px; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f0f0f0; }
table.kv th { background: #f6f6f6; font-weight: 600; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.time { white-space: nowrap; }
td.op { text-align: center; }
td.undefined { color: #999; }
tr.row-fail td { background: #fdecea; }
.badge { display: inline-block; padding: 2px 10px; border-radius: 10px; font-size: 13px; font-weight: 700;
  color: #fff; vertical-align: middle; }
.badge-pass { background: #1e8449; }
.badge-fail { background: #c0392b; }
.badge-canceled { background: #7f8c8d; }
.badge-error { background: #8e44ad; }
.status-reason { margin: 4px 0 8px; color: #555; }
.muted { color: #888; }
.empty { color: #888; font-style: italic; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
figure.chart { margin: 0; background: #fff; border: 1px solid #ddd; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
table.trades { font-size: 12px; }
pre.config { background: #fff; border: 1px solid #ddd; padding: 8px; overflow-x: auto; }
`;
