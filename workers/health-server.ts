import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BurnInHeartbeat } from '../contracts/burn-in/burn-in-workflow.js';

export interface HealthSnapshot {
  status: 'starting' | 'ok' | 'degraded' | 'draining';
  uptimeSeconds: number;
  temporal: { ok: boolean; address: string; error?: string };
  database: { ok: boolean; error?: string };
  taskQueues: string[];
  lastHeartbeatAt: string | null;
  memory: NodeJS.MemoryUsage;
  /** Burn-ins whose steps this worker ran: cycle, errors, memory, data feed, last decision time. */
  burnIns: BurnInHeartbeat[];
}

/**
 * `/healthz` for external monitoring: 200 while the worker is healthy, 503 while it is starting,
 * degraded (Temporal or the database unreachable) or draining after SIGTERM.
 */
export async function startHealthServer(
  host: string,
  port: number,
  snapshot: () => HealthSnapshot,
): Promise<{ address: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    if (request.method !== 'GET' || (request.url !== '/healthz' && request.url !== '/healthz/')) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'not found; try GET /healthz' }));
      return;
    }
    const body = snapshot();
    response.writeHead(body.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, resolve);
  });
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    address: `${host}:${boundPort}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
