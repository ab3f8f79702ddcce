import type { PositionView } from '../strategies/types.js';

/** One asset an account holds: free and locked together. */
export interface Holding {
  asset: string;
  amount: number;
}

/**
 * An account's equity in USDT at an instant: cash as it is, every other holding at the last close of
 * its USDT market before the instant, or at its position's entry price when that market has no
 * close yet (nothing at all without either). In the holdings' order, so every runner sums the same
 * floating-point terms in the same sequence.
 */
export function markHoldings(
  holdings: readonly Holding[],
  lastClose: (symbol: string) => number | null,
  positions: Readonly<Record<string, PositionView>>,
): number {
  let equity = 0;
  for (const { asset, amount } of holdings) {
    if (amount === 0) continue;
    if (asset === 'USDT') {
      equity += amount;
      continue;
    }
    const symbol = `${asset}USDT`;
    const price = lastClose(symbol) ?? positions[symbol]?.averageEntryPrice ?? 0;
    equity += amount * price;
  }
  return equity;
}
