import type { Context } from '@temporalio/activity';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import {
  CORRELATION_HEADER,
  correlationIdOf,
  resolveCorrelationId,
  withCorrelationId,
} from '../../contracts/correlation.js';
import { CorrelationClientInterceptor } from '../../client/temporal-client.js';
import { correlationActivityInterceptor, currentActivityCorrelationId } from '../../workers/correlation.js';

describe('the correlation id header', () => {
  it('round-trips through the default payload converter under keel-correlation-id', () => {
    const headers = withCorrelationId({}, 'req-1');
    expect(Object.keys(headers)).toEqual(['keel-correlation-id']);
    expect(CORRELATION_HEADER).toBe('keel-correlation-id');
    expect(defaultPayloadConverter.fromPayload(headers[CORRELATION_HEADER]!)).toBe('req-1');
    expect(correlationIdOf(headers)).toBe('req-1');
  });

  it('keeps the other headers and leaves the input unchanged', () => {
    const other = defaultPayloadConverter.toPayload({ traceId: 't' });
    const before: Headers = { other };
    const after = withCorrelationId(before, 'req-2');
    expect(before).toEqual({ other });
    expect(after.other).toBe(other);
    expect(correlationIdOf(after)).toBe('req-2');
    // A second stamp replaces the first: a child carries its parent's id, not both.
    expect(correlationIdOf(withCorrelationId(after, 'req-3'))).toBe('req-3');
  });

  it('ignores a missing, empty, non-string, oversized or undecodable header', () => {
    expect(correlationIdOf(undefined)).toBeUndefined();
    expect(correlationIdOf({})).toBeUndefined();
    const header = (value: unknown): Headers => ({
      [CORRELATION_HEADER]: defaultPayloadConverter.toPayload(value),
    });
    expect(correlationIdOf(header(''))).toBeUndefined();
    expect(correlationIdOf(header(42))).toBeUndefined();
    expect(correlationIdOf(header({ id: 'x' }))).toBeUndefined();
    expect(correlationIdOf(header('x'.repeat(201)))).toBeUndefined();
    expect(
      correlationIdOf({ [CORRELATION_HEADER]: { metadata: {}, data: new Uint8Array([1]) } }),
    ).toBeUndefined();
  });

  it('falls back to the given deterministic id (the workflow id) when the header is absent', () => {
    expect(resolveCorrelationId({}, 'export-paper-schedule-2026-01-02T00:00:00Z')).toBe(
      'export-paper-schedule-2026-01-02T00:00:00Z',
    );
    expect(resolveCorrelationId(withCorrelationId({}, 'req-4'), 'wf')).toBe('req-4');
  });
});

describe('the client interceptor', () => {
  it('stamps every kind of workflow start', async () => {
    let n = 0;
    const interceptor = new CorrelationClientInterceptor(() => `req-${++n}`);
    const seen: (string | undefined)[] = [];
    const options = {} as never;
    await interceptor.startWithDetails({ workflowType: 'w', headers: {}, options }, (input) => {
      seen.push(correlationIdOf(input.headers));
      return Promise.resolve({ runId: 'r', eagerlyStarted: false });
    });
    await interceptor.signalWithStart(
      { workflowType: 'w', headers: {}, options, signalName: 's', signalArgs: [] },
      (input) => {
        seen.push(correlationIdOf(input.headers));
        return Promise.resolve('r');
      },
    );
    await interceptor.startUpdateWithStart(
      {
        workflowType: 'w',
        workflowStartHeaders: {},
        workflowStartOptions: options,
        updateName: 'u',
        updateArgs: [],
        updateHeaders: {},
        updateOptions: options,
      },
      (input) => {
        seen.push(correlationIdOf(input.workflowStartHeaders));
        return Promise.resolve({} as never);
      },
    );
    expect(seen).toEqual(['req-1', 'req-2', 'req-3']);
  });
});

describe('the activity interceptor', () => {
  const contextOf = (workflowId?: string) =>
    ({
      info: { activityId: '7', workflowExecution: workflowId ? { workflowId, runId: 'r' } : undefined },
    }) as unknown as Context;

  it('runs the activity with the header id and adds it to every log line', async () => {
    const { inbound, outbound } = correlationActivityInterceptor(contextOf('order-x'));
    expect(outbound!.getLogAttributes!({ workflowId: 'order-x' }, (a) => a)).toEqual({
      workflowId: 'order-x',
    });
    const inside = await inbound!.execute!({ args: [], headers: withCorrelationId({}, 'req-5') }, () =>
      Promise.resolve(currentActivityCorrelationId()),
    );
    expect(inside).toBe('req-5');
    expect(currentActivityCorrelationId()).toBeUndefined();
    expect(outbound!.getLogAttributes!({ workflowId: 'order-x' }, (a) => a)).toEqual({
      workflowId: 'order-x',
      correlationId: 'req-5',
    });
  });

  it("uses the scheduling workflow's id without a header, the activity id outside any workflow", async () => {
    const seen = (context: Context) =>
      correlationActivityInterceptor(context).inbound!.execute!({ args: [], headers: {} }, () =>
        Promise.resolve(currentActivityCorrelationId()),
      );
    expect(await seen(contextOf('order-y'))).toBe('order-y');
    expect(await seen(contextOf())).toBe('activity-7');
  });
});
