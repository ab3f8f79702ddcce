import { randomBytes } from 'node:crypto';
import { CcxtVenue } from '../../venues/ccxt-venue.js';
import { VenueError } from '../../venues/venue-errors.js';
import type { AccountSpecInput } from '../../contracts/venue-sim/account-spec.js';

export const JAN_1_2026 = Date.parse('2026-01-01T00:00:00Z');

/** A driven-clock account spec with a fresh name and keys; `overrides` replace top-level fields. */
export function accountSpec(overrides: Partial<AccountSpecInput> = {}): AccountSpecInput {
  const name = `t-${randomBytes(5).toString('hex')}`;
  return {
    name,
    apiKey: `${name}-key`,
    apiSecret: `${name}-secret`,
    balances: { USDT: 100_000 },
    symbols: ['BTCUSDT', 'ETHUSDT'],
    dataset: { kind: 'synthetic', seed: 7, startTime: JAN_1_2026, days: 3 },
    clock: { mode: 'driven' },
    ...overrides,
  };
}

/** Talks to one simulator: its admin API, and ccxt venues for its accounts. */
export class SimClient {
  private readonly venues: CcxtVenue[] = [];

  /** `baseUrl` may be a function: for a simulator that a `beforeAll` starts, asked on first use. */
  constructor(private readonly url: string | (() => string)) {}

  get baseUrl(): string {
    return typeof this.url === 'string' ? this.url : this.url();
  }

  async admin<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  async createAccount(spec: AccountSpecInput): Promise<AccountSpecInput> {
    const result = await this.admin('POST', '/sim/accounts', spec);
    if (result.status !== 201)
      throw new Error(`account not created: ${result.status} ${JSON.stringify(result.body)}`);
    return spec;
  }

  async advance(account: string, body: { by?: number; to?: number }): Promise<number> {
    const result = await this.admin<{ marketTime: number }>('POST', `/sim/accounts/${account}/clock`, body);
    if (result.status !== 200)
      throw new Error(`clock not moved: ${result.status} ${JSON.stringify(result.body)}`);
    return result.body.marketTime;
  }

  /** Scripts a fault (rate limits, 5xx, lost responses, latency, rejections) for the account's requests. */
  fault(
    account: string,
    rule: Record<string, unknown>,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    return this.admin('POST', '/sim/faults', { ...rule, account });
  }

  /** Moves an account's clock forward a minute every `everyMs` until `until` settles (driven fills). */
  async whileAdvancing<T>(account: string, until: Promise<T>, everyMs = 300): Promise<T> {
    let done = false;
    const ticker = (async () => {
      while (!done) {
        await this.advance(account, { by: 60_000 });
        await new Promise((resolve) => setTimeout(resolve, everyMs));
      }
    })();
    try {
      return await until;
    } finally {
      done = true;
      await ticker;
    }
  }

  venue(spec: AccountSpecInput, timeoutMs?: number): CcxtVenue {
    const venue = new CcxtVenue({
      kind: 'simulator',
      baseUrl: this.baseUrl,
      apiKey: spec.apiKey,
      apiSecret: spec.apiSecret,
      timeoutMs,
    });
    this.venues.push(venue);
    return venue;
  }

  async close(): Promise<void> {
    await Promise.all(this.venues.map((venue) => venue.close()));
  }
}

/** The VenueError a venue call fails with (any other failure, or success, fails the test). */
export async function venueError(promise: Promise<unknown>): Promise<VenueError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VenueError) return error;
    throw error;
  }
  throw new Error('expected a VenueError');
}
