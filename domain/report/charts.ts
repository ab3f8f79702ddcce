/**
 * The truth report's charts as standalone SVG strings, rendered by echarts' server-side renderer (no DOM).
 * Output is deterministic: the same input gives byte-identical SVG, so report.html is reproducible.
 */
import * as echarts from 'echarts';
import type { EChartsOption } from 'echarts';
import { monthlyReturns, type MonthlyReturn } from './monthly-returns.js';
import type { TruthReport } from './truth-report.js';

export interface ChartSize {
  width: number;
  height: number;
}

export const DEFAULT_CHART_SIZE: ChartSize = { width: 760, height: 300 };

export interface ReportCharts {
  equity: string;
  drawdown: string;
  monthlyReturns: string;
  calibration: string;
}

const COLORS = {
  text: '#222222',
  axis: '#666666',
  split: '#e6e6e6',
  equity: '#2f5fd0',
  drawdown: '#c0392b',
  positive: '#1e8449',
  negative: '#c0392b',
  diagonal: '#999999',
  calibration: '#2f5fd0',
};

/** All four charts of a report. */
export function renderReportCharts(report: TruthReport, size: ChartSize = DEFAULT_CHART_SIZE): ReportCharts {
  return {
    equity: renderEquityChart(report.equity, size),
    drawdown: renderDrawdownChart(report.drawdown, size),
    monthlyReturns: renderMonthlyReturnsChart(monthlyReturns(report.equity), size),
    calibration: renderCalibrationChart(report.calibrationBins, size),
  };
}

/** Equity over time (time axis, UTC). */
export function renderEquityChart(
  equity: readonly { time: number; equity: number }[],
  size: ChartSize = DEFAULT_CHART_SIZE,
): string {
  const title = 'Equity';
  const data = equity
    .filter((point) => Number.isFinite(point.time) && Number.isFinite(point.equity))
    .map((point) => [point.time, point.equity]);
  if (data.length === 0) return renderEmpty('keel-equity', title, size);
  return renderSvg('keel-equity', size, {
    title: titleOption(title),
    grid: GRID,
    xAxis: { type: 'time', ...axisStyle() },
    yAxis: { type: 'value', scale: true, ...axisStyle() },
    series: [
      {
        type: 'line',
        data,
        showSymbol: data.length === 1,
        sampling: 'lttb',
        lineStyle: { color: COLORS.equity, width: 1.5 },
        itemStyle: { color: COLORS.equity },
      },
    ],
  });
}

/** Drawdown below the running peak, in percent, as a negative area. */
export function renderDrawdownChart(
  drawdown: readonly { time: number; drawdown: number }[],
  size: ChartSize = DEFAULT_CHART_SIZE,
): string {
  const title = 'Drawdown (%)';
  const data = drawdown
    .filter((point) => Number.isFinite(point.time) && Number.isFinite(point.drawdown))
    .map((point) => [point.time, point.drawdown === 0 ? 0 : -Math.abs(point.drawdown) * 100]);
  if (data.length === 0) return renderEmpty('keel-drawdown', title, size);
  return renderSvg('keel-drawdown', size, {
    title: titleOption(title),
    grid: GRID,
    xAxis: { type: 'time', ...axisStyle() },
    yAxis: {
      type: 'value',
      max: 0,
      axisLabel: { color: COLORS.axis, formatter: '{value}%' },
      ...lineStyles(),
    },
    series: [
      {
        type: 'line',
        data,
        showSymbol: data.length === 1,
        sampling: 'lttb',
        lineStyle: { color: COLORS.drawdown, width: 1 },
        itemStyle: { color: COLORS.drawdown },
        areaStyle: { color: COLORS.drawdown, opacity: 0.35 },
      },
    ],
  });
}

/** Calendar-month returns in percent, green when positive and red when negative. */
export function renderMonthlyReturnsChart(
  months: readonly MonthlyReturn[],
  size: ChartSize = DEFAULT_CHART_SIZE,
): string {
  const title = 'Monthly returns (%)';
  if (months.length === 0) return renderEmpty('keel-monthly', title, size);
  const showLabels = months.length <= 24;
  return renderSvg('keel-monthly', size, {
    title: titleOption(title),
    grid: GRID,
    xAxis: { type: 'category', data: months.map((m) => m.month), ...axisStyle() },
    yAxis: { type: 'value', axisLabel: { color: COLORS.axis, formatter: '{value}%' }, ...lineStyles() },
    series: [
      {
        type: 'bar',
        barMaxWidth: 40,
        data: months.map((m) =>
          Number.isFinite(m.return)
            ? {
                value: round(m.return * 100, 4),
                itemStyle: { color: m.return < 0 ? COLORS.negative : COLORS.positive },
                label: {
                  show: showLabels,
                  position: m.return < 0 ? 'bottom' : 'top',
                  formatter: `${(m.return * 100).toFixed(1)}%`,
                  color: COLORS.text,
                  fontSize: 10,
                },
              }
            : { value: '-' },
        ),
      },
    ],
  });
}

/**
 * Calibration of probability forecasts: each bin's mean forecast against the observed frequency of the
 * outcome, the marker's area proportional to the bin's count, with the perfect-calibration diagonal.
 */
export function renderCalibrationChart(
  bins: TruthReport['calibrationBins'],
  size: ChartSize = DEFAULT_CHART_SIZE,
): string {
  const title = 'Calibration';
  const usable = bins.filter(
    (bin) => bin.count > 0 && Number.isFinite(bin.meanForecast) && Number.isFinite(bin.observedFrequency),
  );
  if (usable.length === 0) return renderEmpty('keel-calibration', title, size);
  const maxCount = Math.max(...usable.map((bin) => bin.count));
  return renderSvg('keel-calibration', size, {
    title: titleOption(title),
    grid: GRID,
    legend: { bottom: 0, textStyle: { color: COLORS.text } },
    xAxis: {
      type: 'value',
      min: 0,
      max: 1,
      name: 'Forecast probability',
      nameLocation: 'middle',
      nameGap: 24,
      ...axisStyle(),
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: 1,
      name: 'Observed frequency',
      nameLocation: 'middle',
      nameGap: 36,
      ...axisStyle(),
    },
    series: [
      {
        name: 'Perfect calibration',
        type: 'line',
        data: [
          [0, 0],
          [1, 1],
        ],
        showSymbol: false,
        silent: true,
        lineStyle: { color: COLORS.diagonal, type: 'dashed', width: 1 },
        itemStyle: { color: COLORS.diagonal },
      },
      {
        name: 'Forecast bins',
        type: 'scatter',
        data: usable.map((bin) => ({
          value: [bin.meanForecast, bin.observedFrequency],
          symbolSize: round(6 + 24 * Math.sqrt(bin.count / maxCount), 2),
        })),
        itemStyle: { color: COLORS.calibration, opacity: 0.75 },
      },
    ],
  });
}

const GRID = { left: 70, right: 30, top: 50, bottom: 50 };

function titleOption(text: string): EChartsOption['title'] {
  return { text, left: 'center', top: 8, textStyle: { color: COLORS.text, fontSize: 15 } };
}

function lineStyles() {
  return {
    axisLine: { lineStyle: { color: COLORS.axis } },
    splitLine: { lineStyle: { color: COLORS.split } },
    nameTextStyle: { color: COLORS.axis },
  };
}

function axisStyle() {
  return { axisLabel: { color: COLORS.axis }, ...lineStyles() };
}

/** A chart with nothing to plot: just a "no data" title, so the page layout stays the same. */
function renderEmpty(id: string, title: string, size: ChartSize): string {
  return renderSvg(id, size, {
    title: {
      text: `${title}: no data`,
      left: 'center',
      top: 'middle',
      textStyle: { color: COLORS.axis, fontSize: 15 },
    },
  });
}

function renderSvg(id: string, size: ChartSize, option: EChartsOption): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: size.width,
    height: size.height,
  });
  try {
    // useUTC: time-axis labels must not depend on the machine's time zone.
    chart.setOption({ animation: false, useUTC: true, backgroundColor: '#ffffff', ...option });
    return normaliseIds(chart.renderToSVGString(), id);
  } finally {
    // An undisposed chart keeps the process alive.
    chart.dispose();
  }
}

/**
 * zrender names CSS classes and clip paths after a process-wide instance counter (`zr3-cls-17`, `zr3-c0`),
 * which makes output depend on how many charts were rendered before, and makes two inline SVGs in one HTML
 * page share (clashing) names. Renumber them per chart, in order of first appearance, under `id`.
 */
function normaliseIds(svg: string, id: string): string {
  const renamed = new Map<string, string>();
  const perKind = new Map<string, number>();
  return svg.replace(/\bzr\d+-([a-z]+-?)(\d+)\b/g, (match: string, kind: string) => {
    let name = renamed.get(match);
    if (name === undefined) {
      const index = perKind.get(kind) ?? 0;
      perKind.set(kind, index + 1);
      name = `${id}-${kind}${index}`;
      renamed.set(match, name);
    }
    return name;
  });
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
