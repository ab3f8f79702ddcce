export type { Bar } from './bar.js';
export { SeededRandom } from './random.js';
export {
  DEFAULT_JUMP_PROBABILITY_PER_BAR,
  DEFAULT_JUMP_STD_DEV,
  DEFAULT_VOL_CLUSTERING,
  generateSpotBars,
  type SpotBarOptions,
} from './synthetic-spot.js';
export { generateBinaryMarkets, type BinaryMarket, type BinaryMarketOptions } from './binary-markets.js';
export {
  REJECT_REASONS,
  findGaps,
  validateBars,
  type BarGap,
  type BarReject,
  type BarValidationResult,
  type CandidateBar,
  type RejectReason,
} from './validate-bars.js';
export { parseBinanceKlinesCsv, parseOhlcvCsv, type LoadedBars } from './csv-loaders.js';
export { intradayVolumeFactor } from './intraday-volume-profile.js';
