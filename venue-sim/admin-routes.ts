import { z } from 'zod';
import type { AccountSpec } from '../contracts/venue-sim/account-spec.js';
import { FaultRuleSchema, type FaultInjector } from '../domain/execution/faults.js';
import type { SimRequest } from './http.js';
import type { SimAccount, VenueSimulator } from './simulator.js';

export interface AdminContext {
  simulator: VenueSimulator;
  faults: FaultInjector;
  unsupported: { method: string; path: string; at: string }[];
}

export interface AdminRoute {
  method: string;
  /** Path pattern; `:name` and `:id` are parameters. */
  path: string;
  description: string;
  body?: string;
  handle: (
    request: SimRequest,
    params: Record<string, string>,
    context: AdminContext,
  ) => Promise<{ status?: number; body: unknown }>;
}

/** Admin errors are plain JSON `{error}`; they are not part of the Binance API. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function accountOrFail(context: AdminContext, name: string): SimAccount {
  const account = context.simulator.account(name);
  if (!account) throw new AdminError(404, `no simulated account "${name}"; list them with GET /sim/accounts`);
  return account;
}

function publicSpec(spec: AccountSpec): Omit<AccountSpec, 'apiSecret'> {
  const { apiSecret: _secret, ...visible } = spec;
  return visible;
}

function accountSummary(account: SimAccount): Record<string, unknown> {
  const { state, dataset } = account;
  return {
    name: state.spec.name,
    spec: publicSpec(state.spec),
    marketTime: state.marketTime,
    marketTimeIso: new Date(state.marketTime).toISOString(),
    dataset: {
      startTime: dataset.startTime,
      endTime: dataset.endTime,
      intervalMs: dataset.intervalMs,
      reports: dataset.reports,
    },
    balances: Object.fromEntries(state.balances),
    openOrders: state.openOrderIds.size,
    orders: state.orders.size,
    trades: state.trades.length,
  };
}

const ClockBody = z
  .object({
    to: z
      .union([z.number().int(), z.string().datetime()])
      .optional()
      .describe('market time to move to (epoch ms or ISO)'),
    by: z.number().int().positive().optional().describe('milliseconds to move forward'),
  })
  .strict()
  .refine((body) => (body.to === undefined) !== (body.by === undefined), {
    message: 'give exactly one of "to" or "by"',
  });

const BalanceBody = z
  .object({
    asset: z.string().regex(/^[A-Z0-9]{2,12}$/),
    free: z.number().min(0).finite(),
  })
  .strict();

export const ADMIN_ROUTES: AdminRoute[] = [
  {
    method: 'GET',
    path: '/sim',
    description: 'this list: every admin endpoint and every supported exchange endpoint',
    handle: () => Promise.resolve({ body: {} }), // filled in by the server, which knows both route tables
  },
  {
    method: 'GET',
    path: '/sim/health',
    description: 'liveness: {ok, accounts}',
    handle: (_request, _params, context) =>
      Promise.resolve({ body: { ok: true, accounts: context.simulator.accounts().length } }),
  },
  {
    method: 'GET',
    path: '/sim/accounts',
    description: 'every simulated account with its clock, balances and counts',
    handle: (_request, _params, context) =>
      Promise.resolve({ body: { accounts: context.simulator.accounts().map(accountSummary) } }),
  },
  {
    method: 'POST',
    path: '/sim/accounts',
    description: 'create an account (idempotent for an identical spec; 409 for a different one)',
    body: '{name, apiKey, apiSecret, balances:{ASSET:n}, symbols:[...], binaryMarkets?:{seed,count,categories?}, dataset:{kind:"synthetic",seed,startTime,intervalMs?,days?}|{kind:"csv",intervalMs,files:[{symbol,path,format:"binance"|"ohlcv"}]}, clock:{mode:"driven"}|{mode:"realtime",speed?}, models?:{latencyMs?, slippage?, participationRate?, feeTiers?}}',
    handle: async (request, _params, context) => {
      const { account, created } = await context.simulator.createAccount(request.json() as never);
      return { status: created ? 201 : 200, body: { created, account: accountSummary(account) } };
    },
  },
  {
    method: 'GET',
    path: '/sim/accounts/:name',
    description: 'one account: spec (without secret), market time, dataset report, balances, counts',
    handle: (_request, params, context) =>
      Promise.resolve({ body: accountSummary(accountOrFail(context, params.name!)) }),
  },
  {
    method: 'POST',
    path: '/sim/accounts/:name/clock',
    description: 'driven clocks: move market time forward, executing what the bars decide',
    body: '{to: epochMs | ISO} or {by: ms}',
    handle: async (request, params, context) => {
      const account = accountOrFail(context, params.name!);
      if (account.state.spec.clock.mode !== 'driven') {
        throw new AdminError(
          409,
          `account "${account.state.spec.name}" has a realtime clock; only driven clocks are moved by hand`,
        );
      }
      const body = ClockBody.parse(request.json());
      const to =
        body.by !== undefined
          ? account.state.marketTime + body.by
          : typeof body.to === 'string'
            ? Date.parse(body.to)
            : body.to!;
      if (to < account.state.marketTime)
        throw new AdminError(409, `market time only moves forward (now ${account.state.marketTime})`);
      await context.simulator.advanceDriven(account, to);
      return { body: accountSummary(account) };
    },
  },
  {
    method: 'GET',
    path: '/sim/accounts/:name/feed',
    description:
      "the account's market-data feed: every bar of every symbol completed in [since, market time), and the binary-market catalogue (an outcome only once resolved)",
    body: 'query: since=epochMs (default: the dataset start)',
    handle: (request, params, context) => {
      const account = accountOrFail(context, params.name!);
      return account.exclusive(() =>
        Promise.resolve({ body: marketFeed(account, request.params.get('since')) }),
      );
    },
  },
  {
    method: 'POST',
    path: '/sim/accounts/:name/balances',
    description:
      "set an asset's free balance behind the trader's back (drift injection for reconciliation tests)",
    body: '{asset, free}',
    handle: async (request, params, context) => {
      const account = accountOrFail(context, params.name!);
      const body = BalanceBody.parse(request.json());
      await context.simulator.setFreeBalance(account, body.asset, body.free);
      return { body: accountSummary(account) };
    },
  },
  {
    method: 'GET',
    path: '/sim/faults',
    description: 'active fault rules',
    handle: (_request, _params, context) => Promise.resolve({ body: { faults: context.faults.list() } }),
  },
  {
    method: 'POST',
    path: '/sim/faults',
    description: 'add a fault rule (scripted with count, or seeded with probability)',
    body: JSON.stringify(Object.keys(FaultRuleSchema.shape)),
    handle: (request, _params, context) =>
      Promise.resolve({ status: 201, body: { fault: context.faults.add(request.json() as never) } }),
  },
  {
    method: 'DELETE',
    path: '/sim/faults',
    description: 'remove every fault rule',
    handle: (_request, _params, context) => Promise.resolve({ body: { removed: context.faults.remove() } }),
  },
  {
    method: 'DELETE',
    path: '/sim/faults/:id',
    description: 'remove one fault rule',
    handle: (_request, params, context) =>
      Promise.resolve({ body: { removed: context.faults.remove(Number(params.id)) } }),
  },
  {
    method: 'GET',
    path: '/sim/unsupported',
    description: 'requests that reached exchange paths the simulator does not implement (should stay empty)',
    handle: (_request, _params, context) => Promise.resolve({ body: { requests: context.unsupported } }),
  },
];

export function matchAdminRoute(
  method: string,
  path: string,
): { route: AdminRoute; params: Record<string, string> } | undefined {
  for (const route of ADMIN_ROUTES) {
    if (route.method !== method) continue;
    const pattern = route.path.split('/');
    const actual = path.split('/');
    if (pattern.length !== actual.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, index) => {
      if (part.startsWith(':')) {
        params[part.slice(1)] = decodeURIComponent(actual[index]!);
        return true;
      }
      return part === actual[index];
    });
    if (matches) return { route, params };
  }
  return undefined;
}

/** What a market-data subscriber sees at the account's market time: never a bar or outcome from later. */
function marketFeed(account: SimAccount, sinceParam: string | null): Record<string, unknown> {
  const { state, dataset } = account;
  const since = sinceParam === null ? dataset.startTime : Number(sinceParam);
  if (!Number.isFinite(since))
    throw new AdminError(400, `since must be epoch milliseconds, got ${sinceParam}`);
  const now = state.marketTime;
  const symbols = [...state.spec.symbols, ...dataset.binaryMarkets().map((market) => market.symbol)];
  return {
    marketTime: now,
    intervalMs: dataset.intervalMs,
    bars: symbols.flatMap((symbol) => dataset.completedBetween(symbol, since, now).bars),
    markets: dataset.binaryMarkets().map((market) => ({
      symbol: market.symbol,
      category: market.category,
      openTime: market.openTime,
      resolutionTime: market.resolutionTime,
      outcome: now >= market.resolutionTime ? market.outcome : null,
    })),
  };
}
