import { readFileSync } from 'node:fs';
import type { Bar } from '../../domain/market-data/bar.js';
import { decimalsOf } from '../../domain/execution/decimals.js';
import { parseBinanceKlinesCsv, parseOhlcvCsv } from '../../domain/market-data/csv-loaders.js';
import { generateSpotBars } from '../../domain/market-data/synthetic-spot.js';
import { generateBinaryMarkets, type BinaryMarket } from '../../domain/market-data/binary-markets.js';
import type { AccountSpec } from '../../contracts/venue-sim/account-spec.js';
import { SIM_INSTRUMENTS } from '../../domain/execution/sim-instruments.js';
import { BarIndex } from '../../domain/market-data/bar-index.js';

/** What loading a dataset found: rows rejected per reason, and gaps, per symbol. */
export interface DatasetReport {
  symbol: string;
  rows: number;
  rejectCounts: Record<string, number>;
  gaps: { fromOpenTime: number; toOpenTime: number; missingBars: number }[];
}

/**
 * An account's market data, loaded from its spec (synthetic or CSV files), with the binary markets
 * it lists; the look-ups by time are BarIndex's. Deterministic: a synthetic dataset is a function of
 * its spec.
 */
export class Dataset extends BarIndex {
  private readonly binary: ReadonlyMap<string, BinaryMarket>;

  private constructor(
    readonly intervalMs: number,
    bars: Map<string, readonly Bar[]>,
    readonly reports: readonly DatasetReport[],
    binaryMarkets: readonly BinaryMarket[],
  ) {
    super(bars);
    this.binary = new Map(binaryMarkets.map((market) => [market.symbol, market]));
    for (const market of binaryMarkets) this.bars.set(market.symbol, market.bars);
  }

  static build(spec: AccountSpec): Dataset {
    const spot = Dataset.buildSpot(spec);
    const markets = spec.binaryMarkets
      ? generateBinaryMarkets({
          seed: spec.binaryMarkets.seed,
          count: spec.binaryMarkets.count,
          categories: spec.binaryMarkets.categories,
          startTime: spot.startTime,
          endTime: spot.endTime,
          intervalMs: spot.intervalMs,
        })
      : [];
    return new Dataset(spot.intervalMs, new Map(spot.bars), spot.reports, markets);
  }

  /** The binary markets of this dataset, in symbol index order. */
  binaryMarkets(): readonly BinaryMarket[] {
    return [...this.binary.values()];
  }

  binaryMarket(symbol: string): BinaryMarket | undefined {
    return this.binary.get(symbol);
  }

  /** Whether the account trades `symbol`: a spot symbol of its spec or one of its binary markets. */
  has(symbol: string): boolean {
    return this.bars.has(symbol);
  }

  private static buildSpot(spec: AccountSpec): Dataset {
    const source = spec.dataset;
    if (source.kind === 'synthetic') {
      const count = Math.floor((source.days * 86_400_000) / source.intervalMs);
      const bars = new Map<string, Bar[]>();
      spec.symbols.forEach((symbol) => {
        const instrument = SIM_INSTRUMENTS[symbol]!;
        bars.set(
          symbol,
          generateSpotBars({
            symbol,
            startTime: source.startTime,
            intervalMs: source.intervalMs,
            count,
            startPrice: instrument.synthetic.startPrice,
            seed: seedFor(source.seed, symbol),
            annualVolatility: instrument.synthetic.annualVolatility,
            baseVolume: (instrument.synthetic.baseVolumePerMinute * source.intervalMs) / 60_000,
            tickDecimals: decimalsOf(instrument.rules.tickSize),
          }),
        );
      });
      return new Dataset(
        source.intervalMs,
        bars,
        spec.symbols.map((symbol) => ({ symbol, rows: count, rejectCounts: {}, gaps: [] })),
        [],
      );
    }
    const bars = new Map<string, Bar[]>();
    const reports: DatasetReport[] = [];
    for (const file of source.files) {
      if (!spec.symbols.includes(file.symbol)) {
        throw new Error(`dataset file ${file.path} is for ${file.symbol}, which the account does not trade`);
      }
      const text = readFileSync(file.path, 'utf8');
      const parsed =
        file.format === 'binance'
          ? parseBinanceKlinesCsv(text, file.symbol, source.intervalMs)
          : parseOhlcvCsv(text, file.symbol, source.intervalMs);
      if (parsed.bars.length === 0) throw new Error(`dataset file ${file.path} has no valid bars`);
      const merged = [...(bars.get(file.symbol) ?? []), ...parsed.bars].sort(
        (a, b) => a.openTime - b.openTime,
      );
      // Files of one symbol may overlap: a bar time seen in an earlier file wins, the repeat is reported.
      const unique = merged.filter(
        (bar, index) => index === 0 || bar.openTime !== merged[index - 1]!.openTime,
      );
      const overlapping = merged.length - unique.length;
      bars.set(file.symbol, unique);
      reports.push({
        symbol: file.symbol,
        rows: parsed.bars.length - overlapping,
        rejectCounts: {
          ...parsed.rejectCounts,
          duplicate_time: (parsed.rejectCounts.duplicate_time ?? 0) + overlapping,
        },
        gaps: parsed.gaps,
      });
    }
    for (const symbol of spec.symbols) {
      if (!bars.has(symbol)) throw new Error(`the account trades ${symbol} but no dataset file provides it`);
    }
    return new Dataset(source.intervalMs, bars, reports, []);
  }
}

/** Each symbol gets its own stream from the account's seed, stable when symbols are added. */
function seedFor(seed: number, symbol: string): number {
  let hash = seed | 0;
  for (const char of symbol) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash >>> 0;
}
