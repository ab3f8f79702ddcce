import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

/** One JSON body the receiver was sent, with the path it was sent to and its Idempotency-Key header. */
export type ReceivedWebhook = Record<string, unknown> & { endpoint?: string; receivedKey?: unknown };

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`, without a path: add the endpoint (`/alerts`, `/exports`). */
  readonly url: string;
  /** Every body received, in order. */
  readonly received: ReceivedWebhook[];
}

/**
 * The alert (or export) receiver an operator would run, for the whole test file: it keeps every
 * JSON body it is sent and answers `statusFor(path)` (204 unless told otherwise — a 4xx is what a
 * receiver that refuses, a revoked token say, answers, which the sender does not retry).
 */
export function useWebhookReceiver(statusFor: (path: string) => number = () => 204): WebhookReceiver {
  const received: ReceivedWebhook[] = [];
  let server: Server | undefined;
  let url: string | undefined;
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({
          endpoint: request.url,
          ...(JSON.parse(body) as Record<string, unknown>),
          receivedKey: request.headers['idempotency-key'],
        });
        response.writeHead(statusFor(request.url ?? '/')).end();
      });
    });
    const listening = server;
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    const listening = server;
    if (listening) await new Promise((resolve) => listening.close(resolve));
  });
  return {
    get url() {
      if (url === undefined) throw new Error('the webhook receiver starts in beforeAll');
      return url;
    },
    received,
  };
}
