/** Binance refuses a request whose timestamp is 1 s or more ahead of its clock. */
export const VENUE_MAX_CLOCK_AHEAD_MS = 1_000;

/**
 * When a look-up that finds no order may conclude the venue never received an earlier attempt.
 *
 * A venue that accepted a request had `timestamp < serverTime + 1000`: its clock was at most 1 s
 * behind ours. Once our clock passes `timestamp + recvWindow + 1000`, the venue's has passed
 * `timestamp + recvWindow`, and from then on the venue refuses that request if it is still on its
 * way (Binance checks the window again before matching). Null when there was no earlier attempt.
 */
export function fenceLiftsAt(
  attempts: readonly { requestTimestamp: number; recvWindowMs: number }[],
): number | null {
  if (attempts.length === 0) return null;
  return Math.max(...attempts.map((a) => a.requestTimestamp + a.recvWindowMs + VENUE_MAX_CLOCK_AHEAD_MS));
}
