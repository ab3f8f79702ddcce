import type { Pool, PoolClient } from 'pg';

export type PackageStatus = 'published' | 'verified' | 'quarantined' | 'removed';

export interface PackageRecord {
  account: string;
  date: string;
  revision: number;
  packageId: string;
  manifestHash: string;
  path: string;
  status: PackageStatus;
  decisions: number;
  nonWarmupFailures: number;
  topNonWarmupFields: { field: string; count: number }[];
  publishedAt: string;
  verifiedAt: string | null;
  statusReason: string | null;
}

type Db = Pool | PoolClient;

/** Records a publication; a retried publish of the same revision changes nothing. */
export async function recordPublished(
  db: Db,
  record: Omit<PackageRecord, 'status' | 'verifiedAt' | 'statusReason' | 'publishedAt'>,
): Promise<void> {
  await db.query(
    `INSERT INTO export_packages (account, date, revision, package_id, manifest_hash, path, status, decisions,
                                  non_warmup_failures, top_non_warmup_fields, published_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'published', $7, $8, $9, now())
     ON CONFLICT (account, date, revision) DO NOTHING`,
    [
      record.account,
      record.date,
      record.revision,
      record.packageId,
      record.manifestHash,
      record.path,
      record.decisions,
      record.nonWarmupFailures,
      JSON.stringify(record.topNonWarmupFields),
    ],
  );
}

export async function setPackageStatus(
  db: Db,
  key: { account: string; date: string; revision: number },
  status: PackageStatus,
  reason: string | null = null,
): Promise<void> {
  await db.query(
    `UPDATE export_packages SET status = $4, status_reason = $5, updated_at = now(),
            verified_at = CASE WHEN $4 = 'verified' THEN now() ELSE verified_at END
     WHERE account = $1 AND date = $2 AND revision = $3`,
    [key.account, key.date, key.revision, status, reason],
  );
}

export async function packageRecords(
  db: Db,
  filter: { account?: string; from?: string; to?: string } = {},
): Promise<PackageRecord[]> {
  const { rows } = await db.query<{
    account: string;
    date: string;
    revision: number;
    package_id: string;
    manifest_hash: string;
    path: string;
    status: PackageStatus;
    decisions: string;
    non_warmup_failures: string;
    top_non_warmup_fields: { field: string; count: number }[];
    published_at: Date;
    verified_at: Date | null;
    status_reason: string | null;
  }>(
    `SELECT account, to_char(date, 'YYYY-MM-DD') AS date, revision, package_id, manifest_hash, path, status,
            decisions, non_warmup_failures, top_non_warmup_fields, published_at, verified_at, status_reason
     FROM export_packages
     WHERE ($1::text IS NULL OR account = $1) AND ($2::date IS NULL OR date >= $2) AND ($3::date IS NULL OR date <= $3)
     ORDER BY account, date, revision`,
    [filter.account ?? null, filter.from ?? null, filter.to ?? null],
  );
  return rows.map((row) => ({
    account: row.account,
    date: row.date,
    revision: row.revision,
    packageId: row.package_id,
    manifestHash: row.manifest_hash,
    path: row.path,
    status: row.status,
    decisions: Number(row.decisions),
    nonWarmupFailures: Number(row.non_warmup_failures),
    topNonWarmupFields: row.top_non_warmup_fields,
    publishedAt: row.published_at.toISOString(),
    verifiedAt: row.verified_at?.toISOString() ?? null,
    statusReason: row.status_reason,
  }));
}

/**
 * Runs `work` on one connection holding the advisory lock of an account's day (one publisher per
 * account and day at a time); the lock is released and the connection returned however it ends.
 */
export async function withExportDayLock<T>(
  pool: Pool,
  key: { account: string; date: string },
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const lockKey = `keel-export:${key.account}:${key.date}`;
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockKey]);
    return await work(client);
  } finally {
    await client
      .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockKey])
      .catch(() => undefined);
    client.release();
  }
}

/** Every revision number recorded for an account's day, whatever its status. */
export async function packageRevisions(db: Db, account: string, date: string): Promise<number[]> {
  const { rows } = await db.query<{ revision: number }>(
    'SELECT revision FROM export_packages WHERE account = $1 AND date = $2',
    [account, date],
  );
  return rows.map((row) => row.revision);
}
