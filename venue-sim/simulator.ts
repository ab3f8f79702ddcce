import type { Pool } from 'pg';
import { QUOTE_DECIMALS, roundTo } from '../domain/execution/decimals.js';
import type { Logger } from '../lib/logger.js';
import { AccountChange } from './account-change.js';
import {
  AccountSpecSchema,
  type AccountSpec,
  type AccountSpecInput,
} from '../contracts/venue-sim/account-spec.js';
import { emptyAccountState, type AccountState } from './account-state.js';
import { advanceClock, marketTimeNow } from './clock-advance.js';
import { Dataset } from '../store/market-data/dataset.js';
import { insertAccount, loadAccounts, persistChange } from './store.js';

/** An account with its market data and a queue that serialises its requests. */
export class SimAccount {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly state: AccountState,
    readonly dataset: Dataset,
  ) {}

  /** Runs `work` alone on this account (requests to one account never interleave). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

export class AccountConflictError extends Error {}

/**
 * The simulator's accounts: each with its own balances, orders, market data and clock. Every
 * request first brings the account's clock up to now (realtime clocks), then applies its change;
 * the change is persisted in one transaction before it is answered, and undone in memory if that
 * fails.
 */
export class VenueSimulator {
  private readonly byName = new Map<string, SimAccount>();
  private readonly byKey = new Map<string, SimAccount>();

  private constructor(
    private readonly pool: Pool,
    private readonly logger: Logger,
    private readonly wallClock: () => number,
  ) {}

  static async open(pool: Pool, logger: Logger, wallClock: () => number = Date.now): Promise<VenueSimulator> {
    const simulator = new VenueSimulator(pool, logger, wallClock);
    for (const state of await loadAccounts(pool)) simulator.register(state);
    return simulator;
  }

  private register(state: AccountState): SimAccount {
    const account = new SimAccount(state, Dataset.build(state.spec));
    this.byName.set(state.spec.name, account);
    this.byKey.set(state.spec.apiKey, account);
    return account;
  }

  accounts(): SimAccount[] {
    return [...this.byName.values()];
  }

  account(name: string): SimAccount | undefined {
    return this.byName.get(name);
  }

  accountForKey(apiKey: string): SimAccount | undefined {
    return this.byKey.get(apiKey);
  }

  secretFor = (apiKey: string): string | undefined => this.byKey.get(apiKey)?.state.spec.apiSecret;

  now(): number {
    return this.wallClock();
  }

  /**
   * Creates an account; creating one that exists with the same spec is a no-op (so "created on first
   * use" is safe to repeat), with a different spec a conflict.
   */
  async createAccount(input: AccountSpecInput): Promise<{ account: SimAccount; created: boolean }> {
    const spec: AccountSpec = AccountSpecSchema.parse(input);
    const existing = this.byName.get(spec.name) ?? this.byKey.get(spec.apiKey);
    if (existing) {
      if (JSON.stringify(existing.state.spec) === JSON.stringify(spec))
        return { account: existing, created: false };
      throw new AccountConflictError(
        `account "${spec.name}" (or its API key) already exists with a different spec; choose another name and key`,
      );
    }
    const dataset = Dataset.build(spec);
    const state = emptyAccountState(spec, dataset.startTime, this.wallClock());
    if (!(await insertAccount(this.pool, state))) {
      throw new AccountConflictError(`account "${spec.name}" or its API key was created concurrently`);
    }
    this.logger.info(
      { account: spec.name, symbols: spec.symbols, clock: spec.clock },
      'simulated account created',
    );
    return { account: this.register(state), created: true };
  }

  /**
   * Runs one request against an account: first its clock catches up (realtime accounts) and that is
   * persisted; then `work` runs and its change is persisted. If `work` throws (a Binance rejection),
   * its partial change is undone and nothing of it is stored.
   */
  async transact<T>(account: SimAccount, work: (change: AccountChange, dataset: Dataset) => T): Promise<T> {
    return account.exclusive(async () => {
      const wallNow = this.wallClock();
      const clock = new AccountChange(account.state);
      advanceClock(clock, account.dataset, marketTimeNow(clock, account.dataset, wallNow), wallNow);
      await this.persist(clock);
      const change = new AccountChange(account.state);
      let value: T;
      try {
        value = work(change, account.dataset);
      } catch (error) {
        change.rollback();
        throw error;
      }
      await this.persist(change);
      return value;
    });
  }

  /** Sets an asset's free balance behind the trader's back (drift injection for reconciliation tests). */
  async setFreeBalance(account: SimAccount, asset: string, free: number): Promise<void> {
    await account.exclusive(async () => {
      const change = new AccountChange(account.state);
      change.setBalance(asset, { free: roundTo(free, QUOTE_DECIMALS), locked: change.balance(asset).locked });
      await this.persist(change);
    });
  }

  private async persist(change: AccountChange): Promise<void> {
    try {
      await persistChange(this.pool, change);
    } catch (error) {
      change.rollback();
      throw error;
    }
  }

  /** Driven clocks: the admin API moves market time forward, executing what the bars decide. */
  async advanceDriven(account: SimAccount, to: number): Promise<void> {
    await account.exclusive(async () => {
      const change = new AccountChange(account.state);
      advanceClock(change, account.dataset, Math.min(to, account.dataset.endTime), this.wallClock());
      await this.persist(change);
    });
  }
}
