import { describe, expect, it } from 'vitest';
import { parseBinanceKlinesCsv, parseOhlcvCsv } from '../../domain/market-data/csv-loaders.js';
import type { RejectReason } from '../../domain/market-data/validate-bars.js';
import { MINUTE, sampleBar } from '../helpers/market-fixtures.js';

const T0 = 1_704_067_200_000; // 2024-01-01T00:00:00Z

/** A Binance kline line: openTime, OHLCV, closeTime, then the six columns the loader ignores. */
const kline = (
  openTime: number,
  o = '100',
  h = '101',
  l = '99',
  c = '100.5',
  v = '3',
  closeTime = openTime + MINUTE - 1,
) => [openTime, o, h, l, c, v, closeTime, '300', '12', '1.5', '150', '0'].join(',');

describe('parseBinanceKlinesCsv', () => {
  it('reads a headerless dump into bars', () => {
    const result = parseBinanceKlinesCsv(
      [kline(T0), kline(T0 + MINUTE)].join('\n') + '\n',
      'BTCUSDT',
      MINUTE,
    );
    expect(result.rejects).toEqual([]);
    expect(result.gaps).toEqual([]);
    expect(result.bars).toEqual([sampleBar(T0), sampleBar(T0 + MINUTE)]);
  });

  it('skips a header row and counts file lines from 1 past it and blank lines', () => {
    const header =
      'open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore';
    const text = [header, kline(T0), '', kline(T0 + MINUTE, 'abc')].join('\r\n');
    const result = parseBinanceKlinesCsv(text, 'BTCUSDT', MINUTE);
    expect(result.bars).toHaveLength(1);
    expect(result.rejects).toEqual([
      { line: 4, reason: 'not_a_number', detail: 'not a finite number: open' },
    ]);
  });

  it('converts the microsecond timestamps of 2025+ spot dumps to milliseconds', () => {
    const us = (ms: number) => ms * 1000;
    const t = Date.UTC(2025, 0, 1);
    const lines = [0, 1].map((i) =>
      [
        us(t + i * MINUTE),
        '1',
        '2',
        '0.5',
        '1.5',
        '10',
        us(t + (i + 1) * MINUTE) - 1,
        '0',
        '0',
        '0',
        '0',
        '0',
      ].join(','),
    );
    const result = parseBinanceKlinesCsv(lines.join('\n'), 'ETHUSDT', MINUTE);
    expect(result.rejects).toEqual([]);
    expect(result.bars.map((b) => [b.openTime, b.closeTime])).toEqual([
      [t, t + MINUTE - 1],
      [t + MINUTE, t + 2 * MINUTE - 1],
    ]);
  });

  it.each<[RejectReason, string]>([
    ['not_a_number', kline(T0 + MINUTE, '', '101')],
    ['not_a_number', kline(T0 + MINUTE, '100', '0x65')],
    ['not_a_number', `${T0 + MINUTE},100,101`],
    ['non_positive_price', kline(T0 + MINUTE, '100', '101', '-99')],
    ['negative_volume', kline(T0 + MINUTE, '100', '101', '99', '100', '-0.5')],
    ['high_below_low', kline(T0 + MINUTE, '100', '98', '99', '98.5')],
    ['outside_high_low', kline(T0 + MINUTE, '102', '101', '99', '100')],
    ['duplicate_time', kline(T0)],
    ['out_of_order', kline(T0 - MINUTE)],
    ['misaligned_time', kline(T0 + MINUTE + 30_000)],
    ['misaligned_time', kline(T0 + MINUTE, '100', '101', '99', '100.5', '3', T0 + 5 * MINUTE - 1)],
  ])('rejects %s on its file line', (reason, badLine) => {
    const text = [kline(T0), badLine, kline(T0 + 2 * MINUTE)].join('\n');
    const result = parseBinanceKlinesCsv(text, 'BTCUSDT', MINUTE);
    expect(result.rejects.map((r) => [r.line, r.reason])).toEqual([[2, reason]]);
    expect(result.rejectCounts[reason]).toBe(1);
    expect(result.bars).toHaveLength(2);
  });

  it('reports gaps in the accepted series', () => {
    const text = [kline(T0), kline(T0 + MINUTE), kline(T0 + 5 * MINUTE)].join('\n');
    expect(parseBinanceKlinesCsv(text, 'BTCUSDT', MINUTE).gaps).toEqual([
      { fromOpenTime: T0 + 2 * MINUTE, toOpenTime: T0 + 4 * MINUTE, missingBars: 3 },
    ]);
  });
});

describe('parseOhlcvCsv', () => {
  const expected = (openTime: number) => ({ ...sampleBar(openTime), symbol: 'SOLUSDT' });

  it('reads columns in any order and case, ignoring extra ones, with ISO-8601 times', () => {
    const text = [
      'Volume,Close,Low,High,Open,Date,Trades',
      '3,100.5,99,101,100,2024-01-01T00:00:00Z,7',
      '3,100.5,99,101,100,2024-01-01 00:01:00,7',
      '3,100.5,99,101,100,2024-01-01T01:02:00.000+01:00,7',
    ].join('\n');
    const result = parseOhlcvCsv(text, 'SOLUSDT', MINUTE);
    expect(result.rejects).toEqual([]);
    expect(result.bars).toEqual([expected(T0), expected(T0 + MINUTE), expected(T0 + 2 * MINUTE)]);
  });

  it('reads epoch seconds and milliseconds', () => {
    const text = [
      'timestamp,open,high,low,close,volume',
      `${T0 / 1000},100,101,99,100.5,3`,
      `${T0 + MINUTE},100,101,99,100.5,3`,
    ].join('\n');
    const result = parseOhlcvCsv(text, 'SOLUSDT', MINUTE);
    expect(result.rejects).toEqual([]);
    expect(result.bars).toEqual([expected(T0), expected(T0 + MINUTE)]);
  });

  it('rejects unreadable times and impossible dates as not_a_number, and reports gaps', () => {
    const text = [
      'time,open,high,low,close,volume',
      '2024-01-01T00:00:00Z,100,101,99,100.5,3',
      'yesterday,100,101,99,100.5,3',
      '2024-02-30T00:00:00Z,100,101,99,100.5,3',
      '2024-01-01T00:03:00Z,100,101,99,100.5,3',
    ].join('\n');
    const result = parseOhlcvCsv(text, 'SOLUSDT', MINUTE);
    expect(result.rejects.map((r) => [r.line, r.reason])).toEqual([
      [3, 'not_a_number'],
      [4, 'not_a_number'],
    ]);
    expect(result.gaps).toEqual([{ fromOpenTime: T0 + MINUTE, toOpenTime: T0 + 2 * MINUTE, missingBars: 2 }]);
  });

  it('names a missing required column', () => {
    expect(() => parseOhlcvCsv('timestamp,open,high,low,close\n1,1,1,1,1', 'X', MINUTE)).toThrow(/"volume"/);
    expect(() => parseOhlcvCsv('when,open,high,low,close,volume\n', 'X', MINUTE)).toThrow(/"timestamp"/);
    expect(() => parseOhlcvCsv('', 'X', MINUTE)).toThrow(/header/);
  });
});
