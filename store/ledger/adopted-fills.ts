import type { Pool } from 'pg';
import type { VenueFillView } from '../../domain/reconcile/types.js';
import { applyFillToBook } from './position-book.js';
import { withTransaction } from '../transaction.js';

/**
 * Records a venue fill reconciliation found for an order whose workflow has ended, and books it into
 * the position, in one transaction; false when the ledger already had it (by venue trade id).
 */
export async function recordAdoptedFill(
  pool: Pool,
  adopted: { venue: string; account: string; clientOrderId: string; fill: VenueFillView },
): Promise<boolean> {
  const { venue, account, clientOrderId, fill } = adopted;
  return withTransaction(pool, async (client) => {
    const inserted = await client.query(
      `INSERT INTO fills (venue, trade_id, client_order_id, account, symbol, side, price, quantity, fee, fee_asset, is_maker, time)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, false, $11) ON CONFLICT (venue, account, symbol, trade_id) DO NOTHING`,
      [
        venue,
        fill.tradeId,
        clientOrderId,
        account,
        fill.symbol,
        fill.side,
        fill.price.toFixed(12),
        fill.quantity.toFixed(12),
        fill.fee.toFixed(12),
        fill.feeAsset,
        new Date(fill.time),
      ],
    );
    if (inserted.rowCount === 1) await applyFillToBook(client, { account, ...fill });
    return inserted.rowCount === 1;
  });
}
