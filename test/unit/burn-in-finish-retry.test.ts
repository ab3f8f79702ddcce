import { msToNumber } from '@temporalio/common/lib/time.js';
import { describe, expect, it } from 'vitest';
import { BURN_IN_FINISH_RETRY } from '../../contracts/burn-in/finish-retry.js';

const MINUTE = 60_000;

/** When each attempt starts under a retry policy (Temporal's exponential backoff), until `within`. */
function attemptStarts(within: number): number[] {
  const { retry } = BURN_IN_FINISH_RETRY;
  const starts = [0];
  let delay = msToNumber(retry.initialInterval);
  for (;;) {
    const next = starts.at(-1)! + delay;
    if (next >= within) return starts;
    starts.push(next);
    delay = Math.min(delay * retry.backoffCoefficient, msToNumber(retry.maximumInterval));
  }
}

describe("a burn-in's end outlasts an outage", () => {
  it('retries without an attempt limit, for hours, never more than a minute apart', () => {
    expect(BURN_IN_FINISH_RETRY.retry).not.toHaveProperty('maximumAttempts');
    const window = msToNumber(BURN_IN_FINISH_RETRY.scheduleToCloseTimeout);
    expect(window).toBeGreaterThanOrEqual(60 * MINUTE);
    const starts = attemptStarts(window);
    const gaps = starts.slice(1).map((start, k) => start - starts[k]!);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(MINUTE);
    // A database outage of ten minutes from the first attempt: an attempt still starts within a
    // minute of its end (the old policy, ten attempts, gave up after about 2.5 minutes).
    const outageEnds = 10 * MINUTE;
    expect(starts.some((start) => start >= outageEnds && start <= outageEnds + MINUTE)).toBe(true);
  });
});
