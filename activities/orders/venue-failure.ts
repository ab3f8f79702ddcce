import { ApplicationFailure } from '@temporalio/common';
import { VenueError } from '../../venues/venue-errors.js';
import { FAILURE } from '../../contracts/failures.js';

/** Temporal failure types the order workflow tells apart. */
export const VENUE_FAILURE = {
  /** The venue refused; retrying cannot help. details: [reason] */
  final: FAILURE.venueRejected,
  /** The venue may or may not have acted; resolve by looking the order up. details: [reason] */
  unknown: FAILURE.venueOutcomeUnknown,
} as const;

/**
 * Turns a venue error into what Temporal should do: retryable ones are thrown as retryable failures
 * (with the venue's Retry-After as the next delay); final and unknown ones are non-retryable
 * failures of a named type, for the workflow to act on.
 */
export function toActivityFailure(error: unknown, mutating: boolean): Error {
  if (!(error instanceof VenueError)) return error instanceof Error ? error : new Error(String(error));
  if (error.outcome === 'retryable') {
    return ApplicationFailure.create({
      type: `${FAILURE.venueRetryable}.${error.reason}`,
      message: error.message,
      nonRetryable: false,
      // A zero delay would end the retries; without Retry-After the policy's backoff applies.
      ...(error.retryAfterMs !== undefined && error.retryAfterMs > 0
        ? { nextRetryDelay: error.retryAfterMs }
        : {}),
    });
  }
  // A duplicate client order id on submit means an earlier attempt reached the venue: look it up.
  const outcome =
    error.outcome === 'unknown' || (mutating && error.reason === 'DUPLICATE_CLIENT_ORDER_ID')
      ? 'unknown'
      : 'final';
  return ApplicationFailure.create({
    type: VENUE_FAILURE[outcome],
    message: error.message,
    nonRetryable: true,
    details: [error.reason],
  });
}
