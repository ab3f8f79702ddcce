import { describe, expect, it } from 'vitest';
import { runChaos } from '../../scripts/chaos/chaos-run.js';
import { formatReport, verdict } from '../../scripts/chaos/report.js';

// `npm run chaos` reduced (docs/chaos.md): 200 market orders while the worker's process group is
// SIGKILLed and restarted, Temporal, PostgreSQL and the simulator each killed and restarted once, and
// ten client order ids submitted twice. On its own embedded stack (not the run's shared servers), so
// its workers poll the real task queues without taking another file's tasks.
describe('chaos, reduced: every fault once', () => {
  it('200 orders: no duplicate at the venue, no lost or phantom fill, none left open, final reconciliation CLEAN', async () => {
    const events: string[] = [];
    const result = await runChaos({
      orders: 200,
      rate: 20,
      killEveryMs: 2_000,
      duplicates: 10,
      downtimeMs: 500,
      timeoutMs: 170_000,
      keepState: 'on-failure',
      log: (message) => events.push(`${new Date().toISOString().slice(11, 23)} ${message}`),
    });
    const report = `${events.join('\n')}\n${formatReport(result)}`;
    console.log(report);
    expect(verdict(result), report).toEqual([]);
    expect(result.tally.kills.worker, report).toBeGreaterThanOrEqual(1);
    for (const server of ['temporal', 'postgres', 'simulator'] as const) {
      expect(result.tally.kills[server], report).toBe(1);
      expect(result.tally.restarts[server], report).toBeGreaterThanOrEqual(1);
    }
    expect(result.driver?.duplicatesJoined, report).toBe(10);
    expect(result.audit?.statuses, report).toEqual({ FILLED: 200 });
    expect(result.audit?.venueOrders.total, report).toBe(200);
  }, 200_000);
});
