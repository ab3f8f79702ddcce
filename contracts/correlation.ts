import { defaultPayloadConverter, type Headers } from '@temporalio/common';

/**
 * The Temporal header that carries a request's correlation id: set by Keel's client on every
 * workflow it starts, copied by the workflow interceptors (workflows/interceptors.ts) onto every
 * activity, child workflow and continue-as-new, and written by the worker as `correlationId` on
 * every log line of that work. One id = one operator request, across all the workflows it fans out to.
 */
export const CORRELATION_HEADER = 'keel-correlation-id';

/** Longest id accepted from a header; anything longer (or not a string) is ignored. */
const MAX_CORRELATION_ID_LENGTH = 200;

/** `headers` with the correlation id set (a copy; `headers` itself is not changed). */
export function withCorrelationId(headers: Headers, correlationId: string): Headers {
  return { ...headers, [CORRELATION_HEADER]: defaultPayloadConverter.toPayload(correlationId) };
}

/** The correlation id in `headers`, or undefined when there is none (or it is not a usable string). */
export function correlationIdOf(headers: Headers | undefined): string | undefined {
  const payload = headers?.[CORRELATION_HEADER];
  if (!payload) return undefined;
  try {
    const value: unknown = defaultPayloadConverter.fromPayload(payload);
    return typeof value === 'string' && value.length > 0 && value.length <= MAX_CORRELATION_ID_LENGTH
      ? value
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The correlation id of work that arrived with `headers`: the header's, or — for work started
 * without one (a Schedule's fire, a start from outside Keel's client, a history from before the
 * header) — the deterministic `fallback`, the id of the workflow it belongs to.
 */
export function resolveCorrelationId(headers: Headers | undefined, fallback: string): string {
  return correlationIdOf(headers) ?? fallback;
}
