import type { Bar } from '../market-data/bar.js';
import { lastN } from './indicators.js';

/** Prices are clamped this far inside (0, 1) before the logit, which is infinite at 0 and 1. */
const LOGIT_CLAMP = 1e-4;

/** Bars older than this many half-lives weigh under 1/256 of the newest and are not read. */
const WINDOW_HALF_LIVES = 8;

export function estimatorWindow(halfLifeBars: number): number {
  return Math.ceil(WINDOW_HALF_LIVES * halfLifeBars);
}

function logit(p: number): number {
  const clamped = Math.min(1 - LOGIT_CLAMP, Math.max(LOGIT_CLAMP, p));
  return Math.log(clamped / (1 - clamped));
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * P(YES) estimated from a market's own completed closes, oldest first:
 *   m = Σ w_k · logit(close_k) / Σ w_k with w_k = 2^(−k / halfLifeBars), k = 0 for the newest bar,
 *       over the last 8 half-lives of bars;
 *   P̂ = (1 − shrinkage) · logistic(m) + shrinkage · 0.5.
 * The smoothed level treats a print's departure from the market's recent consensus as noise
 * that tends to revert (the bet this strategy makes); averaging in logit space keeps a move from
 * 0.01 to 0.02 as significant as one from 0.5 to 0.67. Shrinking toward 0.5 tempers an estimator
 * built from nothing but the price itself. It is a baseline, not a validated model: with a single
 * bar it only says the price is slightly less extreme than it is.
 */
export function estimateProbability(bars: readonly Bar[], halfLifeBars: number, shrinkage: number): number {
  const window = lastN(bars, estimatorWindow(halfLifeBars));
  let weighted = 0;
  let totalWeight = 0;
  for (let i = 0; i < window.length; i++) {
    const age = window.length - 1 - i;
    const weight = 2 ** (-age / halfLifeBars);
    weighted += weight * logit(window[i]!.close);
    totalWeight += weight;
  }
  return (1 - shrinkage) * logistic(weighted / totalWeight) + shrinkage * 0.5;
}
