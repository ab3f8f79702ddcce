import { describe, expect, it } from 'vitest';
import { acceptOrder } from '../../domain/execution/accept-order.js';
import { advanceAccount } from '../../domain/execution/advance-account.js';
import { fillModelsOf, slippageLookback } from '../../domain/execution/model-spec.js';
import type { NewOrderRequest } from '../../domain/execution/orders.js';
import type { AccountWriter, Balance, SimAccountBook } from '../../domain/execution/sim-account.js';
import { instrumentRules } from '../../domain/execution/sim-instruments.js';
import { AccountSpecSchema } from '../../contracts/venue-sim/account-spec.js';
import { Dataset } from '../../store/market-data/dataset.js';
import { useTestStack } from '../helpers/test-stack.js';
import { accountSpec } from '../helpers/venue-sim.js';
import { newSimAccount } from '../helpers/sim-accounts.js';

// The execution core (domain/execution: acceptOrder, advanceAccount) run in memory, as a backtest
// will run it, against the simulator serving the same account over HTTP: the same orders on the
// same bars must give the same fills, to the last digit. The simulator's own state machinery
// (PostgreSQL, rollback, ccxt's rounding on the way) must add nothing.
const { sim } = useTestStack({ simulator: true, temporal: false });

/** An AccountWriter over plain memory: what a backtest keeps instead of the simulator's tables. */
function memoryAccount(name: string, balances: Record<string, number>): AccountWriter {
  const state: SimAccountBook = {
    spec: { name },
    nextOrderId: 1,
    nextTradeId: 1,
    orders: new Map(),
    openOrderIds: new Set(),
    trades: [],
  };
  const held = new Map<string, Balance>(
    Object.entries(balances).map(([asset, free]) => [asset, { free, locked: 0 }]),
  );
  return {
    state,
    setOrder(order) {
      state.orders.set(order.orderId, order);
      if (['FILLED', 'CANCELED', 'EXPIRED', 'REJECTED'].includes(order.status))
        state.openOrderIds.delete(order.orderId);
      else state.openOrderIds.add(order.orderId);
    },
    addTrade: (trade) => void state.trades.push(trade),
    balance: (asset) => held.get(asset) ?? { free: 0, locked: 0 },
    setBalance: (asset, balance) => void held.set(asset, balance),
  };
}

describe('the execution core in memory and the simulator over HTTP', () => {
  it('give the same fills for the same orders on the same bars (market and limit, two symbols)', async () => {
    const input = accountSpec({
      balances: { USDT: 50_000, BTC: 0.5, ETH: 4 },
      models: {
        latencyMs: 100,
        slippage: { kind: 'sqrtImpact', y: 0.5, lookbackBars: 20 },
        participationRate: 0.05,
      },
    });
    const account = await newSimAccount(sim, input, { ownKeys: true });
    const spec = AccountSpecSchema.parse(input);
    const dataset = Dataset.build(spec);
    const at = await sim.advance(account.name, { by: 1 });

    const orders: (NewOrderRequest & { clientOrderId: string })[] = [
      {
        clientOrderId: 'p-1',
        symbol: 'BTCUSDT',
        side: 'BUY',
        type: 'MARKET',
        timeInForce: 'GTC',
        quantity: 0.3,
        price: null,
      },
      {
        clientOrderId: 'p-2',
        symbol: 'ETHUSDT',
        side: 'SELL',
        type: 'MARKET',
        timeInForce: 'GTC',
        quantity: 2.5,
        price: null,
      },
    ];
    const lastEth = dataset.lastPrice('ETHUSDT', at);
    const limitPrice = Number((lastEth * 0.999).toFixed(2));
    orders.push({
      clientOrderId: 'p-3',
      symbol: 'ETHUSDT',
      side: 'BUY',
      type: 'LIMIT',
      timeInForce: 'GTC',
      quantity: 1,
      price: limitPrice,
    });

    for (const order of orders)
      await account.venue.placeOrder({
        clientOrderId: order.clientOrderId,
        symbol: order.symbol,
        side: order.side === 'BUY' ? 'buy' : 'sell',
        type: order.type === 'MARKET' ? 'market' : 'limit',
        quantity: order.quantity,
        ...(order.price !== null ? { price: order.price } : {}),
      });
    const end = await sim.advance(account.name, { by: 6 * 3_600_000 });

    const memory = memoryAccount(spec.name, spec.balances);
    const market = {
      bars: dataset,
      binaryMarkets: dataset.binaryMarkets(),
      models: fillModelsOf(spec.models),
      lookback: slippageLookback(spec.models),
    };
    for (const order of orders) {
      const free = Object.fromEntries(
        Object.keys(spec.balances).map((asset) => [asset, memory.balance(asset).free]),
      );
      const acceptance = acceptOrder(memory, order, {
        rules: instrumentRules(order.symbol),
        lastPrice: dataset.lastPrice(order.symbol, at),
        marketTime: at,
        takerFeeRate: market.models.fees.rates(0).taker,
        freeBalances: free,
      });
      expect(acceptance.accepted).toBe(true);
    }
    advanceAccount(memory, market, at, end);

    const simFills = [];
    for (const order of orders) {
      const placed = await account.venue.getOrderByClientId(order.symbol, order.clientOrderId);
      for (const fill of await account.venue.fillsOfOrder(order.symbol, placed!.venueOrderId))
        simFills.push({
          order: order.clientOrderId,
          price: fill.price,
          qty: fill.quantity,
          fee: fill.fee,
          time: fill.timestamp,
        });
    }
    const memoryFills = memory.state.trades.map((trade) => ({
      order: memory.state.orders.get(trade.orderId)!.clientOrderId,
      price: trade.price,
      qty: trade.qty,
      fee: trade.commission,
      time: trade.time,
    }));
    const byOrderThenTime = (a: { order: string; time: number }, b: { order: string; time: number }) =>
      a.order.localeCompare(b.order) || a.time - b.time;
    expect(simFills.length).toBeGreaterThanOrEqual(3);
    expect(memoryFills.sort(byOrderThenTime)).toEqual(simFills.sort(byOrderThenTime));
    const simBalances = Object.fromEntries(
      (await account.venue.balances()).map((balance) => [balance.asset, balance.free + balance.locked]),
    );
    for (const asset of ['USDT', 'BTC', 'ETH']) {
      const held = memory.balance(asset);
      expect(held.free + held.locked, asset).toBeCloseTo(simBalances[asset]!, 8);
    }
  });
});
