import { describe, expect, it } from 'vitest';
import { markHoldings } from '../../domain/burn-in/equity-mark.js';

const position = (symbol: string, averageEntryPrice: number) => ({
  symbol,
  quantity: 1,
  averageEntryPrice,
  entryTime: 0,
});

describe('markHoldings: an account’s equity in USDT', () => {
  it('takes cash as it is and marks other assets at the last close, else at the entry price, else at 0', () => {
    const closes: Record<string, number> = { BTCUSDT: 60_000 };
    const equity = markHoldings(
      [
        { asset: 'USDT', amount: 1_000 },
        { asset: 'BTC', amount: 0.5 },
        { asset: 'PM1YES', amount: 10 },
        { asset: 'XYZ', amount: 3 },
        { asset: 'ETH', amount: 0 },
      ],
      (symbol) => closes[symbol] ?? null,
      { PM1YESUSDT: position('PM1YESUSDT', 0.4) },
    );
    expect(equity).toBe(1_000 + 30_000 + 4);
  });

  it('sums in the holdings’ order (one order of floating-point terms for every runner)', () => {
    const holdings = [
      { asset: 'USDT', amount: 0.1 },
      { asset: 'AUSDT', amount: 0 },
      { asset: 'B', amount: 0.2 },
      { asset: 'C', amount: 0.3 },
    ];
    const close = () => 1;
    expect(markHoldings(holdings, close, {})).toBe(0.1 + 0.2 + 0.3);
  });
});
