/**
 * Starts a chaos run's market orders at a fixed rate through the normal start path
 * (client/orders/start-order.ts), and the planned duplicates: the same intent, same client order id,
 * started a second time, which Keel must join to the first (same workflow id). A start that fails
 * because Temporal is down is retried until it gets an answer.
 */
import type { Client } from '@temporalio/client';
import type { OrderIntent } from '../../domain/orders/types.js';
import { startOrder } from '../../client/orders/start-order.js';
import type { PlannedDuplicate } from './fault-plan.js';

export interface DriverResult {
  /** Start calls answered "started a new workflow", for first submissions. */
  started: number;
  /** First submissions answered "already exists" (a retry after a lost answer). */
  joinedOnRetry: number;
  duplicatesSent: number;
  /** Second submissions that joined the first order, as they must. */
  duplicatesJoined: number;
  /** Second submissions that started a new workflow: a duplicate order. */
  duplicatesStartedNew: string[];
  /** Start calls that failed and were tried again, and why (first line of each distinct error). */
  retries: number;
  retryReasons: Record<string, number>;
  /** Orders never started (the run was aborted first). */
  notStarted: string[];
}

export interface DriverOptions {
  client: Client;
  intents: OrderIntent[];
  rate: number;
  duplicates: PlannedDuplicate[];
  signal: AbortSignal;
}

const RETRY_DELAY_MS = 500;

export async function driveOrders({
  client,
  intents,
  rate,
  duplicates,
  signal,
}: DriverOptions): Promise<DriverResult> {
  const result: DriverResult = {
    started: 0,
    joinedOnRetry: 0,
    duplicatesSent: 0,
    duplicatesJoined: 0,
    duplicatesStartedNew: [],
    retries: 0,
    retryReasons: {},
    notStarted: [],
  };
  const submit = async (intent: OrderIntent): Promise<{ started: boolean; retried: boolean } | null> => {
    for (let retried = false; ; retried = true) {
      if (signal.aborted) return null;
      try {
        const { started } = await startOrder(client, intent);
        return { started, retried };
      } catch (error) {
        result.retries++;
        const reason = (error as Error).message.split('\n')[0]!.slice(0, 120);
        result.retryReasons[reason] = (result.retryReasons[reason] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
      }
    }
  };
  const first = async (intent: OrderIntent) => {
    const outcome = await submit(intent);
    if (!outcome) result.notStarted.push(intent.clientOrderId);
    else if (outcome.started) result.started++;
    else result.joinedOnRetry++;
  };
  const second = async (intent: OrderIntent) => {
    result.duplicatesSent++;
    const outcome = await submit(intent);
    if (outcome?.started) result.duplicatesStartedNew.push(intent.clientOrderId);
    else if (outcome) result.duplicatesJoined++;
  };

  const firsts = new Map(intents.map((intent) => [intent.clientOrderId, Promise.resolve()]));
  const inFlight: Promise<void>[] = [];
  let launched = 0;
  const t0 = performance.now();
  for (const [index, intent] of intents.entries()) {
    const due = t0 + (index * 1000) / rate;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    if (signal.aborted) break;
    const started = first(intent);
    launched++;
    firsts.set(intent.clientOrderId, started);
    inFlight.push(started);
    for (const duplicate of duplicates.filter((planned) => planned.afterIndex === index)) {
      const original = intents[duplicate.index]!;
      // The second submission goes out once the first has its answer: a true resubmission.
      inFlight.push(firsts.get(original.clientOrderId)!.then(() => second(original)));
    }
  }
  await Promise.all(inFlight);
  result.notStarted.push(...intents.slice(launched).map((intent) => intent.clientOrderId));
  return result;
}
