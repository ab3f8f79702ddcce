import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, childLogger } from '../../lib/logger.js';
import { redactDeep, redactString, registerSecret } from '../../lib/redact.js';
import { PinoTemporalLogger } from '../../lib/temporal-logger.js';

const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const API_SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';
const PASSWORD = 'hunter2-but-longer';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('secrets never reach log output', () => {
  registerSecret(API_KEY);
  registerSecret(API_SECRET);

  it('redacts by key, by registered value and by pattern, in messages, objects, errors and bindings', () => {
    const out = capture();
    const logger = createLogger({ service: 'test', destination: out.stream, level: 'trace' });
    const child = childLogger(logger, { correlationId: 'c-1', token: 'bound-token-value' });

    child.info({ apiKey: API_KEY, nested: { deeper: [{ password: PASSWORD }] } }, 'placing order');
    child.warn(`request failed: GET /api/v3/order?symbol=BTCUSDT&signature=abcdef0123456789&timestamp=1`);
    child.error({ err: new Error(`venue said: invalid key ${API_KEY}`) }, 'venue error');
    child.info({ headers: { 'X-MBX-APIKEY': API_KEY, Authorization: 'Bearer abc.def.ghi-jkl' } }, 'headers');
    child.info({ url: `postgres://keel:${PASSWORD}@db:5432/keel` }, 'connecting');
    child.debug(`secret ${API_SECRET} embedded in free text`);
    const failure = Object.assign(new Error('boom'), { config: { apiSecret: API_SECRET } });
    child.error(failure, 'error as first argument');
    child.info({ cause: new Error('outer', { cause: new Error(`inner ${API_SECRET}`) }) }, 'causes');

    const text = out.text();
    for (const secret of [
      API_KEY,
      API_SECRET,
      PASSWORD,
      'abcdef0123456789',
      'bound-token-value',
      'abc.def.ghi-jkl',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[REDACTED]');
    expect(text).toContain('placing order');
    expect(text).toContain('"correlationId":"c-1"');
    expect(text.trim().split('\n')).toHaveLength(8);
    for (const line of text.trim().split('\n')) expect(JSON.parse(line)).toHaveProperty('service', 'test');
  });

  it('redacts Temporal runtime and workflow log calls routed through the adapter', () => {
    const out = capture();
    const temporal = new PinoTemporalLogger(createLogger({ service: 'test', destination: out.stream }));
    temporal.info(`activity failed with ${API_KEY}`, { workflowId: 'order-1', apiSecret: API_SECRET });
    const line = JSON.parse(out.text()) as Record<string, unknown>;
    expect(line.workflowId).toBe('order-1');
    expect(line.source).toBe('temporal');
    expect(out.text()).not.toContain(API_KEY);
    expect(out.text()).not.toContain(API_SECRET);
  });

  it('keeps ordinary data intact', () => {
    expect(redactDeep({ symbol: 'BTCUSDT', qty: 1.5, at: new Date(0), tags: ['a'] })).toEqual({
      symbol: 'BTCUSDT',
      qty: 1.5,
      at: new Date(0),
      tags: ['a'],
    });
    expect(redactString('https://example.com/path?symbol=ETHUSDT')).toBe(
      'https://example.com/path?symbol=ETHUSDT',
    );
  });

  it('keeps a "__proto__" key as data and never pollutes a prototype', () => {
    const output = redactDeep(JSON.parse('{"__proto__":{"polluted":true},"password":"p"}')) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(output)).toEqual(['__proto__', 'password']);
  });

  it('survives cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(redactDeep(cyclic)).toEqual({ name: 'a', self: '[Circular]' });
  });
});
