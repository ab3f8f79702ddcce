import { z } from 'zod';
import { BINARY_MARKET_LIMIT, SIM_INSTRUMENTS } from '../../domain/execution/sim-instruments.js';
import { ACCOUNT_NAME_PATTERN, ACCOUNT_NAME_RULE } from '../../domain/account-name.js';

const assetName = z.string().regex(/^[A-Z0-9]{2,12}$/, 'an asset is 2–12 upper-case letters or digits');

const slippageSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixedBps'), bps: z.number().min(0).max(1000) }).strict(),
  z.object({ kind: z.literal('halfSpread'), spreadBps: z.number().min(0).max(1000) }).strict(),
  z
    .object({
      kind: z.literal('volatility'),
      k: z.number().min(0).max(10),
      lookbackBars: z.number().int().min(2).max(10_000),
    })
    .strict(),
  z
    .object({
      kind: z.literal('sqrtImpact'),
      y: z.number().min(0).max(10),
      lookbackBars: z.number().int().min(2).max(10_000),
    })
    .strict(),
]);

const feeTier = z
  .object({
    minQuoteVolume: z.number().min(0),
    maker: z.number().min(0).max(0.01),
    taker: z.number().min(0).max(0.01),
  })
  .strict();

/**
 * A simulated account: credentials, starting balances, the instruments it trades, the market data
 * its clock walks over, and the fill models. Each account has its own clock and data, so concurrent
 * runs never interfere.
 */
export const AccountSpecSchema = z
  .object({
    name: z.string().regex(ACCOUNT_NAME_PATTERN, `${ACCOUNT_NAME_RULE}, up to 63 characters`),
    apiKey: z.string().min(8).max(128),
    apiSecret: z.string().min(8).max(128),
    balances: z.record(assetName, z.number().min(0).finite()),
    symbols: z
      .array(z.string())
      .min(1)
      .refine((symbols) => symbols.every((symbol) => symbol in SIM_INSTRUMENTS), {
        message: `symbols must be listed by the simulator: ${Object.keys(SIM_INSTRUMENTS).join(', ')}`,
      }),
    dataset: z.discriminatedUnion('kind', [
      z
        .object({
          kind: z.literal('synthetic'),
          seed: z.number().int(),
          startTime: z.number().int().min(0),
          intervalMs: z.number().int().min(1_000).max(86_400_000).default(60_000),
          days: z.number().min(1).max(400).default(60),
        })
        .strict(),
      z
        .object({
          kind: z.literal('csv'),
          intervalMs: z.number().int().min(1_000).max(86_400_000),
          files: z
            .array(
              z
                .object({ symbol: z.string(), path: z.string().min(1), format: z.enum(['binance', 'ohlcv']) })
                .strict(),
            )
            .min(1),
        })
        .strict(),
    ]),
    /** Binary prediction markets over the dataset's window, listed as PM<n>USDT and settled at 0 or 1. */
    binaryMarkets: z
      .object({
        seed: z.number().int(),
        count: z.number().int().min(1).max(BINARY_MARKET_LIMIT),
        categories: z
          .array(z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'lower-case words such as politics'))
          .min(1)
          .default(['politics', 'sports', 'crypto', 'economics']),
      })
      .strict()
      .optional(),
    clock: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('driven') }).strict(),
      z
        .object({ mode: z.literal('realtime'), speed: z.number().min(0.001).max(100_000).default(1) })
        .strict(),
    ]),
    recvWindow: z
      .enum(['strict', 'arrival'])
      .default('strict')
      .describe(
        "strict (Binance's rule): a signed request's timestamp is checked against recvWindow when it arrives " +
          'and again when an order or cancel is applied, after any injected latency, so a request held up past ' +
          'its window is refused with -1021. arrival: checked on arrival only (a delayed request still executes).',
      ),
    models: z
      .object({
        latencyMs: z.number().int().min(0).max(60_000).default(100),
        slippage: slippageSpec.default({ kind: 'fixedBps', bps: 1 }),
        participationRate: z.number().gt(0).max(1).default(0.1),
        feeTiers: z.array(feeTier).min(1).optional(),
      })
      .strict()
      .default({ latencyMs: 100, slippage: { kind: 'fixedBps', bps: 1 }, participationRate: 0.1 }),
  })
  .strict();

export type AccountSpec = z.infer<typeof AccountSpecSchema>;
export type AccountSpecInput = z.input<typeof AccountSpecSchema>;
