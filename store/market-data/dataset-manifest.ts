import { createHash } from 'node:crypto';
import { findGaps } from '../../domain/market-data/validate-bars.js';
import { AccountSpecSchema } from '../../contracts/venue-sim/account-spec.js';
import { Dataset } from './dataset.js';

/** What a run's market data is: enough to recognise it again byte for byte. */
export interface DatasetManifest {
  source: 'synthetic' | 'csv';
  seed: number | null;
  symbols: string[];
  from: number;
  to: number;
  intervalMs: number;
  rows: number;
  /** SHA-256 over every bar of every symbol, in symbol then time order. */
  contentHash: string;
  binaryMarkets: { count: number; categories: string[] };
  validation: { symbol: string; rows: number; rejectCounts: Record<string, number>; gaps: number }[];
}

/** Builds the dataset the venue serves for `spec` and describes it (the venue builds the same from the same spec). */
export function describeDataset(spec: unknown): DatasetManifest {
  const parsed = AccountSpecSchema.parse(spec);
  const dataset = Dataset.build(parsed);
  const binary = dataset.binaryMarkets();
  const symbols = [...parsed.symbols, ...binary.map((market) => market.symbol)];
  const hash = createHash('sha256');
  let rows = 0;
  const validation: DatasetManifest['validation'] = [];
  for (const symbol of symbols) {
    const bars = dataset.series(symbol);
    rows += bars.length;
    for (const bar of bars)
      hash.update(
        `${symbol},${bar.openTime},${bar.open},${bar.high},${bar.low},${bar.close},${bar.volume}\n`,
      );
    const report = dataset.reports.find((r) => r.symbol === symbol);
    validation.push({
      symbol,
      rows: bars.length,
      rejectCounts: report?.rejectCounts ?? {},
      gaps: findGaps(bars, dataset.intervalMs).length,
    });
  }
  return {
    source: parsed.dataset.kind,
    seed: parsed.dataset.kind === 'synthetic' ? parsed.dataset.seed : null,
    symbols,
    from: dataset.startTime,
    to: dataset.endTime,
    intervalMs: dataset.intervalMs,
    rows,
    contentHash: hash.digest('hex'),
    binaryMarkets: {
      count: binary.length,
      categories: [...new Set(binary.map((market) => market.category))].sort(),
    },
    validation,
  };
}

/** Why the data cannot serve the run's window (null when it can): every spot symbol must cover it. */
export function coverageProblem(
  manifest: DatasetManifest,
  window: { from: number; to: number; spot: readonly string[] },
): string | null {
  const iso = (ms: number) => new Date(ms).toISOString();
  for (const symbol of window.spot) {
    const check = manifest.validation.find((v) => v.symbol === symbol);
    if (!check || check.rows === 0) return `market data: no bars for ${symbol}`;
  }
  if (manifest.from > window.from || manifest.to < window.to)
    return `market data covers ${iso(manifest.from)} … ${iso(manifest.to)}, but the run decides from ${iso(window.from)} to ${iso(window.to)}: fix market.start / market.days or the data`;
  return null;
}
