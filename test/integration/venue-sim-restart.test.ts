import { afterAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../lib/ports.js';
import { startKeel, type KeelProcess } from '../helpers/run-keel.js';
import { testEnv } from '../helpers/test-stack.js';
import { accountSpec, SimClient } from '../helpers/venue-sim.js';
import { limitOrder, marketOrder, newSimAccount } from '../helpers/sim-accounts.js';

const processes: KeelProcess[] = [];

afterAll(() => {
  for (const process of processes) if (process.child.exitCode === null) process.child.kill('SIGKILL');
});

async function startSimulator(port: number): Promise<KeelProcess> {
  const simulator = startKeel(['venue-sim'], testEnv({ KEEL_SIM_PORT: String(port) }));
  processes.push(simulator);
  await simulator.waitForLine((line) => line.includes('"venue simulator listening"'));
  return simulator;
}

describe('keel venue-sim, killed and restarted', () => {
  it('loses nothing: orders, fills, balances, clock and id sequences survive a SIGKILL', async () => {
    const port = await findFreePort();
    const first = await startSimulator(port);
    const sim = new SimClient(`http://127.0.0.1:${port}`);
    const { venue, ...spec } = await newSimAccount(sim, {}, { ownKeys: true });
    const last = await venue.lastPrice('BTCUSDT');
    await venue.placeOrder(marketOrder('k-1', 'buy', 0.02));
    await venue.placeOrder(limitOrder('k-2', 'buy', 0.01, Math.round(last * 0.9)));
    await sim.advance(spec.name, { by: 180_000 });
    await venue.placeOrder(limitOrder('k-3', 'sell', 0.01, Math.round(last * 1.1)));

    const snapshot = async () => ({
      orders: await Promise.all(['k-1', 'k-2', 'k-3'].map((id) => venue.getOrderByClientId('BTCUSDT', id))),
      open: (await venue.openOrders()).map((order) => order.clientOrderId).sort(),
      fills: await venue.fillsSince('BTCUSDT', 0),
      balances: await venue.balances(),
      marketTime: (await sim.admin<{ marketTime: number }>('GET', `/sim/accounts/${spec.name}`)).body
        .marketTime,
    });
    const before = await snapshot();
    expect(before.fills.length).toBeGreaterThan(0);
    expect(before.open).toEqual(['k-2', 'k-3']);

    first.child.kill('SIGKILL');
    await first.exited;
    const second = await startSimulator(port);
    expect(await snapshot()).toEqual(before);

    // Sequences continue; Binance's client order id rule holds across the restart: the id of an open
    // order stays taken, the id of a filled one is a new order, and a look-up answers with the latest.
    const next = await venue.placeOrder(marketOrder('k-4', 'buy', 0.01));
    expect(Number(next.venueOrderId)).toBe(4);
    await expect(venue.placeOrder(marketOrder('k-2', 'buy', 0.01))).rejects.toMatchObject({
      reason: 'DUPLICATE_CLIENT_ORDER_ID',
    });
    const reused = await venue.placeOrder(marketOrder('k-1', 'buy', 0.01));
    expect(Number(reused.venueOrderId)).toBe(5);
    second.child.kill('SIGKILL');
    await second.exited;
    await startSimulator(port);
    expect((await venue.getOrderByClientId('BTCUSDT', 'k-1'))?.venueOrderId).toBe('5');
    expect((await venue.allOrders('BTCUSDT')).filter((o) => o.clientOrderId === 'k-1')).toHaveLength(2);
    await sim.close();
  });

  it("creates the profile's paper account on first start, with its configured balances", async () => {
    const port = await findFreePort();
    await startSimulator(port);
    const sim = new SimClient(`http://127.0.0.1:${port}`);
    const paper = await sim.admin<{
      spec: { symbols: string[]; clock: { mode: string } };
      balances: Record<string, { free: number }>;
    }>('GET', '/sim/accounts/paper');
    expect(paper.status).toBe(200);
    expect(paper.body.spec.symbols).toEqual(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    expect(paper.body.spec.clock.mode).toBe('realtime');
    expect(paper.body.spec).not.toHaveProperty('apiSecret');
    const venue = sim.venue({
      ...accountSpec(),
      apiKey: 'keel-sim-paper-key',
      apiSecret: 'keel-sim-paper-secret',
    });
    expect((await venue.balances()).find((b) => b.asset === 'USDT')?.free).toBeGreaterThan(0);
    await sim.close();
  });
});
