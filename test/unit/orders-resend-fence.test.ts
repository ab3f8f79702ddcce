import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenceLiftsAt, VENUE_MAX_CLOCK_AHEAD_MS } from '../../domain/orders/resend-fence.js';

describe('the re-send fence', () => {
  it('is down when nothing was ever sent', () => {
    expect(fenceLiftsAt([])).toBeNull();
  });

  it("lifts 1 s after the last attempt's window closes", () => {
    expect(
      fenceLiftsAt([
        { requestTimestamp: 1_000, recvWindowMs: 5_000 },
        { requestTimestamp: 3_000, recvWindowMs: 2_000 },
      ]),
    ).toBe(7_000);
  });

  it('never lifts before the venue, on any clock its acceptance allows, would refuse every attempt', () => {
    const attempt = fc.record({
      requestTimestamp: fc.integer({ min: 0, max: 2e12 }),
      recvWindowMs: fc.integer({ min: 1, max: 60_000 }),
    });
    fc.assert(
      fc.property(
        fc.array(attempt, { minLength: 1, maxLength: 5 }),
        // The venue accepted requests only while its clock was less than 1 s behind ours.
        fc.integer({ min: -(VENUE_MAX_CLOCK_AHEAD_MS - 1), max: 60_000 }),
        (attempts, venueAhead) => {
          const venueNowAtLift = fenceLiftsAt(attempts)! + venueAhead;
          for (const a of attempts)
            expect(venueNowAtLift - a.requestTimestamp).toBeGreaterThan(a.recvWindowMs);
        },
      ),
    );
  });
});
