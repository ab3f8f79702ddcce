import { readCsvRecords, type CsvRecord } from './csv-records.js';
import { binanceTimeToMs, parseDecimal, parseTimestamp } from './parse-fields.js';
import {
  findGaps,
  validateBars,
  type BarGap,
  type BarValidationResult,
  type CandidateBar,
} from './validate-bars.js';

export interface LoadedBars extends BarValidationResult {
  gaps: BarGap[];
}

// A header row names columns ("open_time", "Open time"); a corrupt data row does not look like one,
// so it is still reported rather than silently skipped.
const LOOKS_LIKE_COLUMN_NAME = /^[a-z][a-z _]*$/i;

/**
 * Binance kline dumps (data.binance.vision): no header, columns openTime, open, high, low, close,
 * volume, closeTime, quoteAssetVolume, numberOfTrades, takerBuyBaseVolume, takerBuyQuoteVolume,
 * ignore. Only the first seven are read. A header row, if one was added, is skipped.
 */
export function parseBinanceKlinesCsv(text: string, symbol: string, intervalMs: number): LoadedBars {
  const records = readCsvRecords(text);
  const first = records[0]?.fields[0];
  const dataRecords = first !== undefined && LOOKS_LIKE_COLUMN_NAME.test(first) ? records.slice(1) : records;
  const rows = dataRecords.map(({ line, fields }): CandidateBar => {
    const closeTime = fields[6];
    return {
      line,
      symbol,
      openTime: binanceTimeToMs(parseDecimal(fields[0])),
      open: parseDecimal(fields[1]),
      high: parseDecimal(fields[2]),
      low: parseDecimal(fields[3]),
      close: parseDecimal(fields[4]),
      volume: parseDecimal(fields[5]),
      // Older trimmed exports stop at volume; when closeTime is there, it cross-checks intervalMs.
      ...(closeTime === undefined || closeTime === ''
        ? {}
        : { closeTime: binanceTimeToMs(parseDecimal(closeTime)) }),
    };
  });
  return withGaps(validateBars(rows, intervalMs), intervalMs);
}

const TIME_COLUMNS = ['timestamp', 'time', 'date'] as const;
const VALUE_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Generic OHLCV CSV with a header: a time column (timestamp, time or date, first found wins) and open,
 * high, low, close, volume, in any order and any case; other columns are ignored. Times are epoch
 * seconds, milliseconds or microseconds, or ISO-8601 (UTC unless an offset is given).
 * Throws when the header lacks a required column, naming it.
 */
export function parseOhlcvCsv(text: string, symbol: string, intervalMs: number): LoadedBars {
  const [header, ...dataRecords] = readCsvRecords(text);
  if (header === undefined) throw new Error('OHLCV CSV is empty: expected a header row');
  const columns = columnIndex(header);
  const rows = dataRecords.map(({ line, fields }): CandidateBar => ({
    line,
    symbol,
    openTime: parseTimestamp(fields[columns.time]),
    open: parseDecimal(fields[columns.open]),
    high: parseDecimal(fields[columns.high]),
    low: parseDecimal(fields[columns.low]),
    close: parseDecimal(fields[columns.close]),
    volume: parseDecimal(fields[columns.volume]),
  }));
  return withGaps(validateBars(rows, intervalMs), intervalMs);
}

type ColumnIndex = Record<(typeof VALUE_COLUMNS)[number] | 'time', number>;

function columnIndex(header: CsvRecord): ColumnIndex {
  const names = header.fields.map((name) => name.toLowerCase());
  const find = (name: string): number | undefined => {
    const at = names.indexOf(name);
    if (at === -1) return undefined;
    if (names.indexOf(name, at + 1) !== -1) {
      throw new Error(`OHLCV CSV header has column "${name}" twice (line ${header.line})`);
    }
    return at;
  };
  const time = TIME_COLUMNS.map(find).find((at) => at !== undefined);
  if (time === undefined) {
    throw new Error(
      `OHLCV CSV is missing required column "timestamp" (or "time" / "date") (line ${header.line})`,
    );
  }
  const index: Partial<ColumnIndex> = { time };
  for (const name of VALUE_COLUMNS) {
    const at = find(name);
    if (at === undefined)
      throw new Error(`OHLCV CSV is missing required column "${name}" (line ${header.line})`);
    index[name] = at;
  }
  return index as ColumnIndex;
}

function withGaps(result: BarValidationResult, intervalMs: number): LoadedBars {
  return { ...result, gaps: findGaps(result.bars, intervalMs) };
}
