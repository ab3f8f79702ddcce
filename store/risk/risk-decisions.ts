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
