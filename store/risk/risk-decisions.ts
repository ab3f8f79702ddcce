import type { Pool, PoolClient } from 'pg';
import type { OrderIntent } from '../../domain/orders/types.js';
import type { RiskDecision, RiskSnapshot, RuleResult } from '../../domain/risk/snapshot.js';

type Db = Pool | PoolClient;

interface DecisionRow {
  decision: 'ALLOW' | 'DENY';
  codes: string[];
  details: RiskDecision['findings'];
  results: RuleResult[] | null;
  rules_version: string;
}

const fromRow = (row: DecisionRow): RiskDecision => ({
  decision: row.decision,
  codes: row.codes,
  findings: row.details,
  results: row.results ?? [],
  rulesVersion: row.rules_version,
});

/** The decision already recorded for this client order id, if any (the first one is final). */
export async function readStoredDecision(db: Db, clientOrderId: string): Promise<RiskDecision | null> {
  const { rows } = await db.query<DecisionRow>(
    'SELECT decision, codes, details, results, rules_version FROM risk_decisions WHERE client_order_id = $1',
    [clientOrderId],
  );
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Records a decision with the snapshot it was made on; a second record for the same intent is ignored. */
export async function storeDecision(
  db: Db,
  input: {
    intent: OrderIntent;
    decision: RiskDecision;
    snapshot: RiskSnapshot;
    digest: string;
    venueTime: number;
  },
): Promise<void> {
  const { intent, decision } = input;
  await db.query(
    `INSERT INTO risk_decisions (client_order_id, account, decision, codes, details, intent, snapshot_digest,
                                 rules_version, snapshot, results, venue_time)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (client_order_id) DO NOTHING`,
    [
      intent.clientOrderId,
      intent.account,
      decision.decision,
      decision.codes,
      JSON.stringify(decision.findings),
      JSON.stringify(intent),
      input.digest,
      decision.rulesVersion,
      JSON.stringify(input.snapshot),
      JSON.stringify(decision.results),
      new Date(input.venueTime),
    ],
  );
}

export interface DecisionRecord extends RiskDecision {
  clientOrderId: string;
  account: string;
  intent: OrderIntent;
  snapshot: RiskSnapshot | null;
  snapshotDigest: string;
  decidedAt: number;
  venueTime: number | null;
}

/** Everything recorded about one decision, for `keel risk explain`. */
export async function readDecisionRecord(db: Db, clientOrderId: string): Promise<DecisionRecord | null> {
  const { rows } = await db.query<
    DecisionRow & {
      client_order_id: string;
      account: string;
      intent: OrderIntent;
      snapshot: RiskSnapshot | null;
      snapshot_digest: string;
      decided_at: Date;
      venue_time: Date | null;
    }
  >('SELECT * FROM risk_decisions WHERE client_order_id = $1', [clientOrderId]);
  const row = rows[0];
  if (!row) return null;
  return {
    ...fromRow(row),
    clientOrderId: row.client_order_id,
    account: row.account,
    intent: row.intent,
    snapshot: row.snapshot,
    snapshotDigest: row.snapshot_digest,
    decidedAt: row.decided_at.getTime(),
    venueTime: row.venue_time?.getTime() ?? null,
  };
}

/** Just the verdict recorded for this client order id (ALLOW or DENY and the rule codes), if any. */
export async function readDecisionVerdict(
  db: Db,
  clientOrderId: string,
): Promise<{ decision: 'ALLOW' | 'DENY'; codes: string[] } | null> {
  const { rows } = await db.query<{ decision: 'ALLOW' | 'DENY'; codes: string[] }>(
    'SELECT decision, codes FROM risk_decisions WHERE client_order_id = $1',
    [clientOrderId],
  );
  return rows[0] ? { decision: rows[0].decision, codes: rows[0].codes } : null;
}

/** The account's allowed orders since the venue day started, and in the last 60 seconds (wall time). */
export async function countAllowedDecisions(
  db: Db,
  account: string,
  dayStart: number,
): Promise<{ today: number; lastMinute: number }> {
  const { rows } = await db.query<{ today: string; last_minute: string }>(
    `SELECT count(*) FILTER (WHERE venue_time >= $2) AS today,
            count(*) FILTER (WHERE decided_at > now() - interval '60 seconds') AS last_minute
     FROM risk_decisions
     WHERE account = $1 AND decision = 'ALLOW' AND (venue_time >= $2 OR decided_at > now() - interval '60 seconds')`,
    [account, new Date(dayStart)],
  );
  return { today: Number(rows[0]!.today), lastMinute: Number(rows[0]!.last_minute) };
}

/**
 * The latest other order allowed since `since` (venue time) with the same symbol, side, type,
 * quantity and price as `intent`, if any.
 */
export async function findDuplicateAllowed(
  db: Db,
  intent: OrderIntent,
  since: number,
): Promise<string | null> {
  const { rows } = await db.query<{ client_order_id: string }>(
    `SELECT client_order_id FROM risk_decisions
     WHERE account = $1 AND decision = 'ALLOW' AND venue_time >= $2 AND client_order_id <> $3
       AND intent->>'symbol' = $4 AND intent->>'side' = $5 AND intent->>'type' = $6
       AND (intent->>'quantity')::numeric = $7::numeric
       AND (intent->>'price')::numeric IS NOT DISTINCT FROM $8::numeric
     ORDER BY venue_time DESC LIMIT 1`,
    [
      intent.account,
      new Date(since),
      intent.clientOrderId,
      intent.symbol,
      intent.side,
      intent.type,
      intent.quantity,
      intent.price !== undefined && Number.isFinite(intent.price) ? intent.price : null,
    ],
  );
  return rows[0]?.client_order_id ?? null;
}

/** How many of the account's orders the gate allowed and denied, over all time. */
export async function countDecisionOutcomes(
  db: Db,
  account: string,
): Promise<{ allowed: number; denied: number }> {
  const { rows } = await db.query<{ sent: string; denied: string }>(
    `SELECT count(*) FILTER (WHERE decision = 'ALLOW') AS sent, count(*) FILTER (WHERE decision = 'DENY') AS denied
     FROM risk_decisions WHERE account = $1`,
    [account],
  );
  return { allowed: Number(rows[0]!.sent), denied: Number(rows[0]!.denied) };
}
