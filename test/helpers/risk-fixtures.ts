import type { RiskLimits } from '../../domain/risk/snapshot.js';

/** Limits an ordinary order (1 BTCUSDT at 100, a small book) is well inside of: every rule allows. */
export const GENEROUS_LIMITS: RiskLimits = {
  maxOrderQuantity: 10,
  maxOrderNotional: 1_000,
  priceCollarBps: 100,
  maxPositionNotional: 20_000,
  maxGrossExposure: 50_000,
  maxDailyLoss: 500,
  maxDrawdownPct: 10,
  maxTradesPerDay: 100,
  lossCooldownSeconds: 300,
  maxOrdersPerMinute: 10,
  maxMarketDataAgeSeconds: 30,
};

/** Every limit the pre-trade rules read, in the order RiskLimits declares them. */
export const LIMIT_KEYS = Object.keys(GENEROUS_LIMITS) as readonly (keyof RiskLimits)[];
