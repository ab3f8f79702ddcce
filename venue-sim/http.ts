import type { IncomingMessage, ServerResponse } from 'node:http';
import { BinanceError } from './binance-error.js';

export interface SimRequest {
  method: string;
  path: string;
  rawQuery: string;
  rawBody: string;
  /** Query and form-body parameters together (Binance accepts either). */
  params: URLSearchParams;
  apiKey: string | undefined;
  json: () => unknown;
}

const MAX_BODY_BYTES = 1024 * 1024;

export async function readRequest(request: IncomingMessage): Promise<SimRequest> {
  const url = new URL(request.url ?? '/', 'http://simulator');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BinanceError(413, -1000, 'Request body too large.');
    chunks.push(chunk as Buffer);
  }
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const rawQuery = url.search.startsWith('?') ? url.search.slice(1) : url.search;
  const params = new URLSearchParams(rawQuery);
  const contentType = request.headers['content-type'] ?? '';
  if (rawBody && !contentType.includes('json'))
    for (const [key, value] of new URLSearchParams(rawBody)) params.append(key, value);
  const header = request.headers['x-mbx-apikey'];
  return {
    method: request.method ?? 'GET',
    path: url.pathname.replace(/\/+$/, '') || '/',
    rawQuery,
    rawBody,
    params,
    apiKey: Array.isArray(header) ? header[0] : header,
    json: () => {
      if (!rawBody) return {};
      try {
        return JSON.parse(rawBody) as unknown;
      } catch {
        throw new BinanceError(400, -1000, 'The request body is not valid JSON.');
      }
    },
  };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
