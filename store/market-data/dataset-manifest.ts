import { createHash } from 'node:crypto';
import { findGaps } from '../../domain/market-data/validate-bars.js';
import type { DatasetManifest } from '../../domain/market-data/dataset-manifest.js';
import { AccountSpecSchema } from '../../contracts/venue-sim/account-spec.js';
import { Dataset } from './dataset.js';

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
