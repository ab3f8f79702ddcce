import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { z } from 'zod';

/** The parts of the exchange API a fault can target. */
export const FAULT_ENDPOINTS = [
  'any',
  'order.create',
  'order.cancel',
  'order.get',
  'openOrders',
  'allOrders',
  'myTrades',
  'account',
  'market',
] as const;
export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

export const FaultRuleSchema = z
  .object({
    kind: z
      .enum(['rate_limit', 'server_error', 'latency', 'lost_response', 'lost_in_flight', 'reject_orders'])
      .describe(
        'rate_limit: 429 + Retry-After, not processed. server_error: 5xx, not processed. latency: answer after latencyMs. ' +
          'lost_response: processed, then the connection is dropped without an answer (unknown outcome). ' +
          'lost_in_flight: the connection is dropped at once and the request is processed latencyMs later ' +
          '(unknown outcome, the order appearing after the caller gave up). ' +
          'reject_orders: new orders refused with -2010 (a reject storm).',
      ),
    account: z.string().optional().describe('only this account (by name); all accounts when absent'),
    endpoint: z.enum(FAULT_ENDPOINTS).default('any'),
    count: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('scripted: the next N matching requests, then the rule expires'),
    probability: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('each matching request with this probability (seeded)'),
    seed: z.number().int().default(1),
    retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
    latencyMs: z.number().int().min(0).max(60_000).default(1_000),
    status: z.union([z.literal(500), z.literal(502), z.literal(503), z.literal(504)]).default(503),
  })
  .strict();

export type FaultRuleInput = z.input<typeof FaultRuleSchema>;
export type FaultRule = z.infer<typeof FaultRuleSchema> & { id: number; fired: number };

export interface FaultDecision {
  rule: FaultRule;
}

/**
 * Active fault rules. Scripted rules fire on the next `count` matching requests; probabilistic ones
 * draw from their own seeded generator, so a run with the same requests fails the same way.
 */
export class FaultInjector {
  private rules: (FaultRule & { next: () => number })[] = [];
  private nextId = 1;

  add(input: FaultRuleInput): FaultRule {
    const parsed = FaultRuleSchema.parse(input);
    const rng = xoroshiro128plus(parsed.seed);
    const rule = { ...parsed, id: this.nextId++, fired: 0, next: () => uniformFloat64(rng) };
    this.rules.push(rule);
    return this.describe(rule);
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => this.describe(rule));
  }

  remove(id?: number): number {
    const before = this.rules.length;
    this.rules = id === undefined ? [] : this.rules.filter((rule) => rule.id !== id);
    return before - this.rules.length;
  }

  /** The first rule that fires for this request, if any (consumes scripted counts). */
  decide(account: string | undefined, endpoint: FaultEndpoint): FaultDecision | undefined {
    for (const rule of this.rules) {
      if (rule.account !== undefined && rule.account !== account) continue;
      if (rule.endpoint !== 'any' && rule.endpoint !== endpoint) continue;
      if (rule.kind === 'reject_orders' && endpoint !== 'order.create') continue;
      const fires = rule.probability !== undefined ? rule.next() < rule.probability : true;
      if (!fires) continue;
      rule.fired++;
      if (rule.count !== undefined && rule.fired >= rule.count)
        this.rules = this.rules.filter((r) => r !== rule);
      return { rule: this.describe(rule) };
    }
    return undefined;
  }

  private describe(rule: FaultRule & { next?: () => number }): FaultRule {
    const { next: _next, ...visible } = rule;
    return visible;
  }
}
