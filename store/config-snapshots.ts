import type { Pool } from 'pg';

/** The redacted configuration one process session ran with (`config_snapshots`). */
export interface ConfigSnapshotRecord {
  sessionId: string;
  kind: string;
  profile: string;
  /** Already redacted: stored as given. */
  config: unknown;
  configHash: string;
  codeVersion: string;
  hostname: string;
  pid: number;
}

/** Stores a session's configuration once; a second record for the same session id is ignored. */
export async function insertConfigSnapshot(pool: Pool, record: ConfigSnapshotRecord): Promise<void> {
  await pool.query(
    `INSERT INTO config_snapshots (session_id, process_kind, profile, config, config_hash, code_version, hostname, pid)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (session_id) DO NOTHING`,
    [
      record.sessionId,
      record.kind,
      record.profile,
      JSON.stringify(record.config),
      record.configHash,
      record.codeVersion,
      record.hostname,
      record.pid,
    ],
  );
}

export interface SessionSummary {
  sessionId: string;
  kind: string;
  createdAt: string;
  profile: string;
  configHash: string;
  codeVersion: string;
}

/** The most recent sessions first, at most `limit`. */
export async function recentSessions(pool: Pool, limit: number): Promise<SessionSummary[]> {
  const { rows } = await pool.query<{
    session_id: string;
    process_kind: string;
    created_at: Date;
    profile: string;
    config_hash: string;
    code_version: string;
  }>(
    'SELECT session_id, process_kind, created_at, profile, config_hash, code_version FROM config_snapshots ORDER BY created_at DESC LIMIT $1',
    [limit],
  );
  return rows.map((row) => ({
    sessionId: row.session_id,
    kind: row.process_kind,
    createdAt: row.created_at.toISOString(),
    profile: row.profile,
    configHash: row.config_hash,
    codeVersion: row.code_version,
  }));
}

/** The stored configuration of each of these sessions that has one (in no particular order). */
export async function readSessionConfigs(
  pool: Pool,
  sessionIds: readonly string[],
): Promise<{ sessionId: string; config: unknown; configHash: string }[]> {
  const { rows } = await pool.query<{ session_id: string; config: unknown; config_hash: string }>(
    'SELECT session_id, config, config_hash FROM config_snapshots WHERE session_id = ANY($1)',
    [sessionIds],
  );
  return rows.map((row) => ({ sessionId: row.session_id, config: row.config, configHash: row.config_hash }));
}
