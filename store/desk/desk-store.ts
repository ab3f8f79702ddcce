import type { Pool, PoolClient } from 'pg';
import type { ActiveBreaker, BreakerName, DeskState } from '../../domain/desk/desk-state.js';
import type { DeskMode } from '../../domain/risk/snapshot.js';
import { withTransaction } from '../transaction.js';

type Db = Pool | PoolClient;

export interface PersistedDesk extends DeskState {
  /** The last change applied (idempotency of persistDeskChange). */
  changeId: string;
}

interface DeskRow {
  account: string;
  mode: DeskMode;
  reason: string;
  actor: string;
  since: Date;
  breakers: ActiveBreaker[];
  overridden: BreakerName[];
  change_id: string;
}

const fromRow = (row: DeskRow): PersistedDesk => ({
  account: row.account,
  mode: row.mode,
  reason: row.reason,
  actor: row.actor,
  since: row.since.getTime(),
  breakers: row.breakers,
  overridden: row.overridden,
  changeId: row.change_id,
});

/** A desk nobody has touched yet trades: it starts ACTIVE. */
async function ensureDeskRow(db: Db, account: string): Promise<void> {
  await db.query(
    `INSERT INTO desk_state (account, mode, reason, actor, since, change_id)
     VALUES ($1, 'ACTIVE', 'desk created', 'keel', now(), 'initial') ON CONFLICT (account) DO NOTHING`,
    [account],
  );
}

/**
 * The desk's persisted mode, locked for the rest of the caller's transaction. The gate holds this
 * lock while it decides and records, and a mode change takes it too, so an evaluation either commits
 * before a change is acknowledged or sees the new mode (evaluations of one account run one at a time).
 */
export async function lockDesk(client: PoolClient, account: string): Promise<PersistedDesk> {
  await ensureDeskRow(client, account);
  const { rows } = await client.query<DeskRow>(
    'SELECT account, mode, reason, actor, since, breakers, overridden, change_id FROM desk_state WHERE account = $1 FOR UPDATE',
    [account],
  );
  return fromRow(rows[0]!);
}

export async function readDesk(db: Db, account: string): Promise<PersistedDesk> {
  await ensureDeskRow(db, account);
  const { rows } = await db.query<DeskRow>(
    'SELECT account, mode, reason, actor, since, breakers, overridden, change_id FROM desk_state WHERE account = $1',
    [account],
  );
  return fromRow(rows[0]!);
}

export interface DeskEventRecord {
  changeId: string;
  account: string;
  kind: 'MODE_CHANGED' | 'BREAKER_TRIPPED' | 'BREAKER_CLEARED' | 'REQUEST_REFUSED';
  oldMode: DeskMode | null;
  newMode: DeskMode | null;
  reason: string;
  actor: string;
  breaker: string | null;
  details: Record<string, unknown>;
  at: number;
}

/**
 * Persists a desk change and its audit row in one transaction, idempotently by change id (a retried
 * activity finds its change already there). `state` null records an audit row only.
 */
export async function persistDeskChange(
  pool: Pool,
  event: DeskEventRecord,
  state: Omit<PersistedDesk, 'account' | 'changeId'> | null,
): Promise<{ applied: boolean }> {
  return withTransaction(pool, async (client) => {
    await lockDesk(client, event.account);
    const inserted = await client.query(
      `INSERT INTO desk_events (change_id, account, kind, old_mode, new_mode, reason, actor, breaker, details, at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (change_id) DO NOTHING`,
      [
        event.changeId,
        event.account,
        event.kind,
        event.oldMode,
        event.newMode,
        event.reason,
        event.actor,
        event.breaker,
        JSON.stringify(event.details),
        new Date(event.at),
      ],
    );
    if (inserted.rowCount === 1 && state) {
      await client.query(
        `UPDATE desk_state SET mode = $2, reason = $3, actor = $4, since = $5, breakers = $6, overridden = $7,
           change_id = $8, updated_at = now() WHERE account = $1`,
        [
          event.account,
          state.mode,
          state.reason,
          state.actor,
          new Date(state.since),
          JSON.stringify(state.breakers),
          JSON.stringify(state.overridden),
          event.changeId,
        ],
      );
    }
    return { applied: inserted.rowCount === 1 };
  });
}

export interface DeskEventRow extends DeskEventRecord {
  recordedAt: number;
}

export async function readDeskEvents(db: Db, account: string, limit = 50): Promise<DeskEventRow[]> {
  const { rows } = await db.query<{
    change_id: string;
    account: string;
    kind: DeskEventRecord['kind'];
    old_mode: DeskMode | null;
    new_mode: DeskMode | null;
    reason: string;
    actor: string;
    breaker: string | null;
    details: Record<string, unknown>;
    at: Date;
    recorded_at: Date;
  }>(
    `SELECT * FROM (SELECT * FROM desk_events WHERE account = $1 ORDER BY at DESC, recorded_at DESC LIMIT $2) recent
     ORDER BY at, recorded_at`,
    [account, limit],
  );
  return rows.map((row) => ({
    changeId: row.change_id,
    account: row.account,
    kind: row.kind,
    oldMode: row.old_mode,
    newMode: row.new_mode,
    reason: row.reason,
    actor: row.actor,
    breaker: row.breaker,
    details: row.details,
    at: row.at.getTime(),
    recordedAt: row.recorded_at.getTime(),
  }));
}
