/** What a run's market data is: enough to recognise it again byte for byte. */
export interface DatasetManifest {
  source: 'synthetic' | 'csv';
  seed: number | null;
  symbols: string[];
  from: number;
  to: number;
  intervalMs: number;
  rows: number;
  /** One SHA-256 over every bar: the spot symbols in the config's order, then the binary markets, each in time order. */
  contentHash: string;
  binaryMarkets: { count: number; categories: string[] };
  validation: { symbol: string; rows: number; rejectCounts: Record<string, number>; gaps: number }[];
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
