import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { readDecisionRecord } from '../../store/risk/risk-decisions.js';
import { assertReachable, createPool } from '../../store/pool.js';
import { canonicalJson } from '../../lib/canonical-json.js';
import { evaluatePreTradeRisk, RISK_RULES_VERSION } from '../../domain/risk/pre-trade.js';
import { commandContext } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { globalOverrides } from '../options.js';
import { printJson, printTable } from '../output.js';

export function registerRiskCommands(program: Command): void {
  const risk = program.command('risk').description('The pre-trade risk gate.');
  risk
    .command('explain')
    .description(
      "Every rule's verdict for one order, from the snapshot recorded with its decision (and a check that the snapshot is intact).",
    )
    .argument('<clientOrderId>', 'the client order id (see keel order list)')
    .option('--json', 'print {decision, codes, results, snapshot, integrity}')
    .action(async (clientOrderId: string, options: { json?: boolean }, command: Command) => {
      const { config } = commandContext(globalOverrides(command));
      const pool = createPool(config.database.url, { max: 2 });
      try {
        await assertReachable(pool, config.database.url);
        const record = await readDecisionRecord(pool, clientOrderId);
        if (!record)
          throw new UsageError(
            `no risk decision for "${clientOrderId}"; list orders with \`keel order list\``,
          );
        const digestOk =
          record.snapshot !== null &&
          createHash('sha256').update(canonicalJson(record.snapshot)).digest('hex') === record.snapshotDigest;
        // Same rules version: re-evaluating the stored snapshot must give the stored decision.
        const recomputed =
          record.snapshot !== null && record.rulesVersion === RISK_RULES_VERSION
            ? evaluatePreTradeRisk(record.snapshot).decision === record.decision
            : null;
        const integrity = { snapshotDigestMatches: digestOk, recomputedDecisionMatches: recomputed };
        if (options.json) {
          printJson({ ...record, integrity });
          return;
        }
        const { intent } = record;
        process.stdout.write(
          `${clientOrderId}: ${record.decision}${record.codes.length ? ` (${record.codes.join(', ')})` : ''}\n` +
            `intent: ${intent.side} ${intent.quantity} ${intent.symbol} ${intent.type}${intent.price !== undefined ? ` @ ${intent.price}` : ''} on ${intent.account}\n` +
            `decided: ${new Date(record.decidedAt).toISOString()}${record.venueTime !== null ? ` (venue time ${new Date(record.venueTime).toISOString()})` : ''}; rules ${record.rulesVersion}\n\n`,
        );
        if (record.results.length)
          printTable(
            ['rule', 'verdict', 'detail'],
            record.results.map((r) => [r.rule, r.verdict, r.detail]),
          );
        else process.stdout.write('(recorded before per-rule verdicts were kept)\n');
        process.stdout.write(
          `\nsnapshot digest ${record.snapshotDigest}: ${digestOk ? 'intact' : 'MISMATCH or missing'}` +
            (recomputed === null
              ? ''
              : `; re-evaluated: ${recomputed ? 'same decision' : 'DIFFERENT decision'}`) +
            '\n',
        );
      } finally {
        await pool.end();
      }
    });
}
