import { describe, expect, it } from 'vitest';
import { planFaults } from '../../scripts/chaos/fault-plan.js';
import { verdict, type ChaosResult } from '../../scripts/chaos/report.js';
import type { AuditResult } from '../../scripts/chaos/audit.js';

describe('chaos fault plan', () => {
  it('spreads the three server faults over the submission window, in order, and the duplicates over the orders', () => {
    const plan = planFaults({ orders: 1000, rate: 10, duplicates: 50 });
    expect(plan.submitMs).toBe(100_000);
    expect(plan.infra).toEqual([
      { fault: 'temporal', atMs: 20_000 },
      { fault: 'postgres', atMs: 45_000 },
      { fault: 'simulator', atMs: 70_000 },
    ]);
    expect(plan.duplicates).toHaveLength(50);
    expect(new Set(plan.duplicates.map((d) => d.index)).size).toBe(50);
    for (const { index, afterIndex } of plan.duplicates) {
      expect(afterIndex).toBe(index + 20);
      expect(afterIndex).toBeLessThan(1000);
    }
  });

  it('fits as many duplicates as orders, and refuses impossible plans', () => {
    expect(planFaults({ orders: 3, rate: 10, duplicates: 3 }).duplicates.map((d) => d.index)).toEqual([
      0, 1, 2,
    ]);
    expect(() => planFaults({ orders: 0, rate: 10, duplicates: 0 })).toThrow('orders');
    expect(() => planFaults({ orders: 10, rate: 0, duplicates: 0 })).toThrow('rate');
    expect(() => planFaults({ orders: 10, rate: 1, duplicates: 11 })).toThrow('duplicates');
  });
});

describe('chaos verdict', () => {
  const clean: AuditResult = {
    statuses: { FILLED: 2 },
    ledgerStatuses: { FILLED: 2 },
    nonTerminal: [],
    notFilledReasons: {},
    venueOrders: { total: 2, clientOrderIds: 2, duplicates: [], foreign: [], filledButAbsent: [] },
    fills: { venue: 2, ledger: 2, lost: [], phantom: [] },
    finalReconciliation: { status: 'CLEAN', worst: null, drifts: [] },
    reconcileRuns: [],
    findings: [],
  };
  const zero = { postgres: 0, temporal: 0, simulator: 0, worker: 0 };
  const result = (audit: Partial<AuditResult>): ChaosResult => ({
    settings: { orders: 2, rate: 1, killEveryMs: 1, duplicates: 0, timeoutMs: 1 },
    account: 'a',
    driver: null,
    tally: { kills: zero, restarts: zero, unplannedExits: zero, events: [] },
    audit: { ...clean, ...audit },
    wallMs: 1,
    error: null,
    keptStateDir: null,
  });

  it('passes a clean run and names every failure of a dirty one', () => {
    expect(verdict(result({}))).toEqual([]);
    expect(
      verdict(
        result({
          venueOrders: { ...clean.venueOrders, duplicates: [{ clientOrderId: 'x', count: 2 }] },
          fills: { venue: 2, ledger: 1, lost: ['BTCUSDT:1'], phantom: [] },
          nonTerminal: ['y: RUNNING'],
          finalReconciliation: { status: 'DRIFT', worst: 'warn', drifts: ['d'] },
          findings: [
            {
              runId: 'r',
              trigger: 'startup',
              startedAt: new Date(0),
              kind: 'PHANTOM_FILL',
              severity: 'warn',
              clientOrderId: null,
              tradeId: '1',
              detail: 'd',
            },
          ],
        }),
      ),
    ).toEqual([
      '1 client order ids have more than one venue order',
      '1 venue fills lost by the ledger',
      '1 orders left open',
      'final reconciliation DRIFT',
      '1 start-up reconciliation findings of an orphan, phantom or critical drift',
    ]);
  });
});
