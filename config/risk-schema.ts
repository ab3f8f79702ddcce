import { z } from 'zod';

/** A gate limit: a number, or "unlimited" said explicitly. Absent blocks every order (fail closed). */
const limit = z.union([z.number().min(0), z.literal('unlimited')]);

/** Each pre-trade limit: its config key, its environment variable and what it bounds. */
export const RISK_LIMITS = [
  ['maxOrderQuantity', 'KEEL_RISK_MAX_ORDER_QUANTITY', 'Largest order quantity in base units.'],
  ['maxOrderNotional', 'KEEL_RISK_MAX_ORDER_NOTIONAL', 'Largest order notional in quote currency.'],
  [
    'priceCollarBps',
    'KEEL_RISK_PRICE_COLLAR_BPS',
    'Largest distance of a limit price from the last price (bps).',
  ],
  [
    'maxPositionNotional',
    'KEEL_RISK_MAX_POSITION_NOTIONAL',
    'Largest position notional per symbol, open orders included (quote currency).',
  ],
  [
    'maxGrossExposure',
    'KEEL_RISK_MAX_GROSS_EXPOSURE',
    'Largest sum of absolute position notionals, open orders included (quote currency).',
  ],
  [
    'maxDailyLoss',
    'KEEL_RISK_MAX_DAILY_LOSS',
    'Largest loss since the start of the venue day (quote currency); also a breaker.',
  ],
  [
    'maxDrawdownPct',
    'KEEL_RISK_MAX_DRAWDOWN_PCT',
    'Largest equity drawdown from its peak (%); also a breaker.',
  ],
  ['maxTradesPerDay', 'KEEL_RISK_MAX_TRADES_PER_DAY', 'Most orders allowed per venue day.'],
  [
    'lossCooldownSeconds',
    'KEEL_RISK_LOSS_COOLDOWN_SECONDS',
    'No exposure-increasing order this long after a losing trade.',
  ],
  ['maxOrdersPerMinute', 'KEEL_RISK_MAX_ORDERS_PER_MINUTE', 'Most orders allowed per minute of wall time.'],
  [
    'maxMarketDataAgeSeconds',
    'KEEL_RISK_MAX_MARKET_DATA_AGE_SECONDS',
    'Oldest acceptable last price, against venue time (seconds).',
  ],
] as const;

export type RiskLimitName = (typeof RISK_LIMITS)[number][0];

export const RiskConfigSchema = z
  .object({
    limits: z
      .object(
        Object.fromEntries(
          RISK_LIMITS.map(([name, envVar, text]) => [
            name,
            limit
              .optional()
              .describe(`${text} A number or "unlimited"; unset blocks every order (${envVar}).`),
          ]),
        ) as Record<RiskLimitName, z.ZodOptional<typeof limit>>,
      )
      .strict()
      .describe(
        'Pre-trade limits of the risk gate. Each is a number or "unlimited"; a limit left unset blocks every order (fail closed).',
      ),
    startingEquity: z
      .number()
      .positive()
      .optional()
      .describe(
        'Account equity before its first fill (quote currency): the base of daily-loss and drawdown (KEEL_RISK_STARTING_EQUITY).',
      ),
    duplicateWindowSeconds: z
      .number()
      .min(0)
      .describe(
        'An intent equal to an allowed one this recent (venue time) is denied as a duplicate; 0 turns the check off (KEEL_RISK_DUPLICATE_WINDOW_SECONDS).',
      ),
    breakers: z
      .object({
        drawdownResumePct: z
          .number()
          .positive()
          .optional()
          .describe(
            'A tripped drawdown breaker holds until the drawdown is below this (%); below maxDrawdownPct (hysteresis).',
          ),
        maxErrorsPerMinute: z
          .union([z.number().int().min(1), z.literal('unlimited')])
          .describe('Venue rejects and failures per minute that halt the desk, or "unlimited".'),
        checkIntervalSeconds: z
          .number()
          .min(0.1)
          .max(3_600)
          .describe('How often the desk assesses its breakers (wall time).'),
      })
      .strict()
      .describe('Circuit breakers the desk assesses on a timer; a tripped breaker halts the desk.'),
  })
  .strict();

export type RiskConfig = z.infer<typeof RiskConfigSchema>;
