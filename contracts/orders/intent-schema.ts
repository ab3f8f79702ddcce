import { z } from 'zod';
import { validateClientOrderId } from '../../domain/orders/client-order-id.js';
import { ACCOUNT_NAME_PATTERN, ACCOUNT_NAME_RULE } from '../../domain/account-name.js';

/** An order intent as it arrives at an edge (CLI, API): every field checked, with the field named. */
export const OrderIntentInputSchema = z
  .object({
    clientOrderId: z.string().superRefine((id, context) => {
      const problem = validateClientOrderId(id);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
    account: z.string().regex(ACCOUNT_NAME_PATTERN, ACCOUNT_NAME_RULE),
    symbol: z.string().regex(/^[A-Z0-9]{2,20}$/, 'an upper-case venue symbol such as BTCUSDT'),
    side: z.enum(['buy', 'sell']),
    type: z.enum(['market', 'limit']),
    quantity: z.number().finite().positive(),
    price: z.number().finite().positive().optional(),
    timeInForce: z.enum(['GTC', 'IOC', 'FOK']).default('GTC'),
    runId: z.string().min(1).max(100).optional(),
    strategy: z.string().min(1).max(100).optional(),
    decisionPrice: z.number().finite().positive().optional(),
    decisionTime: z.number().int().positive(),
    expireAfterMs: z.number().int().positive().optional(),
  })
  .strict()
  .superRefine((intent, context) => {
    if (intent.type === 'limit' && intent.price === undefined) {
      context.addIssue({ code: 'custom', path: ['price'], message: 'a limit order needs a price (--price)' });
    }
    if (intent.type === 'market' && intent.price !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['price'],
        message: 'a market order takes no price; drop --price or use --type limit',
      });
    }
  });
