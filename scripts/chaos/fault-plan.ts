/**
 * Which fault happens when in a chaos run, from its order count and rate: pure, so the plan can be
 * printed and tested without starting anything.
 */

/** The servers a run kills and restarts once each (the worker is killed on its own cadence). */
export const INFRA_FAULTS = ['temporal', 'postgres', 'simulator'] as const;
export type InfraFault = (typeof INFRA_FAULTS)[number];

export interface FaultPlanInput {
  orders: number;
  /** Orders started per second. */
  rate: number;
  /** Client order ids started a second time. */
  duplicates: number;
}

export interface PlannedFault {
  fault: InfraFault;
  /** When it is due, in ms after the first order was started. */
  atMs: number;
}

export interface PlannedDuplicate {
  /** The order whose intent (same client order id) is started again … */
  index: number;
  /** … right after this order is started (about two seconds later at the run's rate). */
  afterIndex: number;
}

export interface FaultPlan {
  /** How long starting every order takes at the rate. */
  submitMs: number;
  infra: PlannedFault[];
  duplicates: PlannedDuplicate[];
}

/** Each server's kill at a fixed share of the submission window: spread out, never two at once. */
const INFRA_AT: Record<InfraFault, number> = { temporal: 0.2, postgres: 0.45, simulator: 0.7 };

export function planFaults({ orders, rate, duplicates }: FaultPlanInput): FaultPlan {
  if (!Number.isInteger(orders) || orders < 1)
    throw new Error(`orders must be a positive integer: ${orders}`);
  if (!(rate > 0)) throw new Error(`rate must be positive: ${rate}`);
  if (!Number.isInteger(duplicates) || duplicates < 0 || duplicates > orders)
    throw new Error(`duplicates must be an integer from 0 to the order count: ${duplicates}`);
  const submitMs = Math.round((orders * 1000) / rate);
  const lag = Math.min(orders - 1, Math.max(1, Math.round(rate * 2)));
  // Spread evenly over the orders whose second start still falls inside the run.
  const span = Math.max(1, orders - lag);
  const picked = new Set<number>();
  for (let k = 0; k < duplicates; k++) picked.add(Math.floor(((k + 0.5) * span) / duplicates));
  // More duplicates than the span holds: fill with the remaining ids, last first.
  for (let index = orders - 1; picked.size < duplicates && index >= 0; index--) picked.add(index);
  return {
    submitMs,
    infra: INFRA_FAULTS.map((fault) => ({ fault, atMs: Math.round(submitMs * INFRA_AT[fault]) })),
    duplicates: [...picked]
      .sort((a, b) => a - b)
      .map((index) => ({ index, afterIndex: Math.min(orders - 1, index + lag) })),
  };
}
