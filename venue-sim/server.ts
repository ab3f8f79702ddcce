import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { ZodError } from 'zod';
import { childLogger, type Logger } from '../lib/logger.js';
import type { AccountSpecInput } from '../contracts/venue-sim/account-spec.js';
import { ADMIN_ROUTES, AdminError, matchAdminRoute, type AdminContext } from './admin-routes.js';
import { BinanceError, binanceErrors } from './binance-error.js';
import { authenticate, BINANCE_ROUTES } from './binance-routes.js';
import { FaultInjector, type FaultEndpoint, type FaultRuleInput } from '../domain/execution/faults.js';
import { assertWithinRecvWindow, requestWindow } from './auth.js';
import { readRequest, sendJson, type SimRequest } from './http.js';
import { AccountConflictError, VenueSimulator } from './simulator.js';

export interface VenueSimServerOptions {
  pool: Pool;
  logger: Logger;
  host: string;
  port: number;
  /** Created at start if missing (the paper profile's account); identical re-creation is a no-op. */
  defaultAccount?: AccountSpecInput;
  faults?: FaultRuleInput[];
  wallClock?: () => number;
}

export interface VenueSimServer {
  address: string;
  url: string;
  simulator: VenueSimulator;
  faults: FaultInjector;
  close: () => Promise<void>;
}

/** Endpoints that reach Binance's matching engine, where the recvWindow is checked a second time. */
const MATCHING_ENDPOINTS = new Set<FaultEndpoint>(['order.create', 'order.cancel']);

const EXCHANGE_PREFIXES = ['/api/', '/sapi/', '/fapi/', '/dapi/', '/eapi/', '/papi/', '/wapi/'];

/**
 * The venue simulator's HTTP server: Binance Spot REST v3 under /api/v3 (what ccxt's binance class
 * uses), and its own admin API under /sim. State lives in PostgreSQL (schema venue_sim).
 */
export async function startVenueSimServer(options: VenueSimServerOptions): Promise<VenueSimServer> {
  const log = childLogger(options.logger, { component: 'venue-sim' });
  const simulator = await VenueSimulator.open(options.pool, log, options.wallClock);
  const faults = new FaultInjector();
  for (const rule of options.faults ?? []) faults.add(rule);
  const defaultAccount = options.defaultAccount
    ? (await simulator.createAccount(options.defaultAccount)).account
    : undefined;
  const admin: AdminContext = { simulator, faults, unsupported: [] };

  const server = http.createServer((req, res) => {
    void (async () => {
      let request: SimRequest | undefined;
      try {
        request = await readRequest(req);
        if (request.path === '/sim' || request.path.startsWith('/sim/')) {
          await handleAdmin(request, res, admin);
          return;
        }
        const route = BINANCE_ROUTES.find((r) => r.method === request!.method && r.path === request!.path);
        if (!route) {
          if (EXCHANGE_PREFIXES.some((prefix) => request!.path.startsWith(prefix))) {
            admin.unsupported.push({
              method: request.method,
              path: request.path,
              at: new Date().toISOString(),
            });
            log.warn(
              { method: request.method, path: request.path },
              'request to an endpoint the simulator does not implement',
            );
          }
          throw binanceErrors.unsupported(request.method, request.path);
        }
        const account = authenticate(route, request, simulator);
        const fault = faults.decide(account?.state.spec.name, route.endpoint);
        if (fault?.rule.kind === 'rate_limit')
          throw binanceErrors.tooManyRequests(fault.rule.retryAfterSeconds);
        if (fault?.rule.kind === 'server_error') throw binanceErrors.serverError(fault.rule.status);
        if (fault?.rule.kind === 'reject_orders') throw binanceErrors.rejectStorm();
        if (fault?.rule.kind === 'lost_in_flight') {
          // The caller loses the connection at once; the venue goes on with the request.
          log.info(
            { path: request.path, account: account?.state.spec.name },
            'fault: connection dropped while the request is processed',
          );
          res.socket?.destroy();
        }
        if (fault?.rule.kind === 'latency' || fault?.rule.kind === 'lost_in_flight')
          await new Promise((resolve) => setTimeout(resolve, fault.rule.latencyMs));
        if (
          route.signed &&
          MATCHING_ENDPOINTS.has(route.endpoint) &&
          account?.state.spec.recvWindow === 'strict'
        )
          assertWithinRecvWindow(requestWindow(request.params), simulator.now());
        const body = await route.handle(request, {
          simulator,
          account,
          defaultAccount: defaultAccount?.state.spec.name,
        });
        // Its connection is gone already: the request has now taken effect, unanswered.
        if (fault?.rule.kind === 'lost_in_flight') return;
        if (fault?.rule.kind === 'lost_response') {
          // The request took effect; the caller never learns it (the unknown-outcome case).
          log.info(
            { path: request.path, account: account?.state.spec.name },
            'fault: response dropped after processing',
          );
          res.socket?.destroy();
          return;
        }
        sendJson(res, 200, body);
      } catch (error) {
        respondError(res, error, log, request);
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, resolve);
  });
  server.keepAliveTimeout = 5_000;
  const { port } = server.address() as AddressInfo;
  const address = `${options.host}:${port}`;
  log.info(
    { address, accounts: simulator.accounts().map((a) => a.state.spec.name) },
    'venue simulator listening',
  );
  return {
    address,
    url: `http://${address}`,
    simulator,
    faults,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handleAdmin(
  request: SimRequest,
  res: http.ServerResponse,
  context: AdminContext,
): Promise<void> {
  if (request.method === 'GET' && request.path === '/sim') {
    sendJson(res, 200, {
      about:
        'Keel venue simulator: Binance Spot REST v3 subset for ccxt, plus this admin API (not part of Binance).',
      admin: ADMIN_ROUTES.map(({ method, path, description, body }) => ({
        method,
        path,
        description,
        ...(body ? { body } : {}),
      })),
      exchange: BINANCE_ROUTES.map(({ method, path, signed, description }) => ({
        method,
        path,
        signed,
        description,
      })),
    });
    return;
  }
  const match = matchAdminRoute(request.method, request.path);
  if (!match)
    throw new AdminError(404, `no admin endpoint ${request.method} ${request.path}; GET /sim lists them`);
  const result = await match.route.handle(request, match.params, context);
  sendJson(res, result.status ?? 200, result.body);
}

function respondError(
  res: http.ServerResponse,
  error: unknown,
  log: Logger,
  request: SimRequest | undefined,
): void {
  if (res.headersSent || res.destroyed) return;
  if (error instanceof BinanceError) {
    sendJson(res, error.httpStatus, { code: error.code, msg: error.msg }, error.headers);
  } else if (error instanceof AdminError) {
    sendJson(res, error.status, { error: error.message });
  } else if (error instanceof ZodError) {
    sendJson(res, 400, {
      error: 'invalid request body',
      issues: error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    });
  } else if (error instanceof AccountConflictError) {
    sendJson(res, 409, { error: error.message });
  } else {
    log.error({ err: error, path: request?.path }, 'venue simulator internal error');
    sendJson(res, 500, { code: -1000, msg: 'An unknown error occurred while processing the request.' });
  }
}
