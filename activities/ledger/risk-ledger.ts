import type { Pool } from 'pg';
import type { OrderIntent } from '../../domain/orders/types.js';
import type { RiskDecision } from '../../domain/risk/pre-trade.js';

/**
 * Stores the decision for an intent unless one exists, and returns the stored one: the first
 * decision is final for that client order id (a retried evaluation cannot turn a deny into an allow).
 */
export async function recordRiskDecision(
  pool: Pool,
  intent: OrderIntent,
  decision: RiskDecision,
  snapshotDigest: string,
): Promise<RiskDecision> {
  await pool.query(
    `INSERT INTO risk_decisions (client_order_id, account, decision, codes, details, intent, snapshot_digest, rules_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (client_order_id) DO NOTHING`,
    [
      intent.clientOrderId,
      intent.account,
      decision.decision,
      decision.codes,
      JSON.stringify(decision.findings),
      JSON.stringify(intent),
      snapshotDigest,
      decision.rulesVersion,
    ],
  );
  const { rows } = await pool.query<{
    decision: 'ALLOW' | 'DENY';
    codes: string[];
    details: RiskDecision['findings'];
    rules_version: string;
  }>('SELECT decision, codes, details, rules_version FROM risk_decisions WHERE client_order_id = $1', [
    intent.clientOrderId,
  ]);
  const stored = rows[0]!;
  return {
    decision: stored.decision,
    codes: stored.codes,
    findings: stored.details,
    rulesVersion: stored.rules_version,
  };
}
