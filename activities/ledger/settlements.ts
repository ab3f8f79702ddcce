import type { Pool } from '../../store/db.js';
import { withTransaction } from '../../store/transaction.js';
import { settlementClientOrderId } from '../../domain/execution/settlement-id.js';
import type { Venue } from '../../venues/venue.js';
import { applyFillToBook } from '../../store/ledger/position-book.js';

export interface ImportedSettlement {
  symbol: string;
  clientOrderId: string;
  quantity: number;
  price: number;
  time: number;
  /** False when the ledger already had it (a repeat changes nothing). */
  recorded: boolean;
}

const dec = (value: number) => value.toFixed(12);

/**
 * Takes the venue's redemptions of resolved binary markets into the ledger: for each symbol, the
 * venue-side settlement order (found by its client order id) becomes a FILLED order with its fills
 * of kind 'settlement', and the position book follows. Idempotent: orders by client order id,
 * fills by trade id. A symbol without a settlement at the venue is skipped.
 */
export async function importSettlements(
  pool: Pool,
  venue: Venue,
  account: string,
  symbols: readonly string[],
): Promise<ImportedSettlement[]> {
  const imported: ImportedSettlement[] = [];
  for (const symbol of symbols) {
    const clientOrderId = settlementClientOrderId(account, symbol);
    const order = await venue.getOrderByClientId(symbol, clientOrderId);
    if (!order || order.status !== 'closed') continue;
    const fills = await venue.fillsOfOrder(symbol, order.venueOrderId);
    if (fills.length === 0) continue;
    const time = Math.max(...fills.map((fill) => fill.timestamp));
    const price = order.averagePrice ?? fills[0]!.price;
    const recorded = await withTransaction(pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO orders (client_order_id, workflow_id, account, venue, symbol, side, type, time_in_force, quantity,
                             strategy, status, venue_order_id, filled_quantity, average_price, fees, reason,
                             decision_time, accepted_at, first_fill_at, last_fill_at, terminal_at)
         VALUES ($1, NULL, $2, $3, $4, 'sell', 'market', 'GTC', $5, 'settlement', 'FILLED', $6, $5, $7, 0,
                 'the venue redeemed the resolved binary market', $8, $8, $8, $8, $8)
         ON CONFLICT (client_order_id) DO NOTHING`,
        [
          clientOrderId,
          account,
          venue.name,
          symbol,
          dec(order.quantity),
          order.venueOrderId,
          dec(price),
          new Date(time),
        ],
      );
      for (const fill of fills) {
        const added = await client.query(
          `INSERT INTO fills (venue, trade_id, client_order_id, account, symbol, side, price, quantity, fee, fee_asset,
                              is_maker, time, kind)
           VALUES ($1, $2, $3, $4, $5, 'sell', $6, $7, $8, $9, false, $10, 'settlement')
           ON CONFLICT (venue, account, symbol, trade_id) DO NOTHING`,
          [
            venue.name,
            fill.tradeId,
            clientOrderId,
            account,
            symbol,
            dec(fill.price),
            dec(fill.quantity),
            dec(fill.fee),
            fill.feeAsset,
            new Date(fill.timestamp),
          ],
        );
        if (added.rowCount === 1)
          await applyFillToBook(client, {
            account,
            symbol,
            side: 'sell',
            price: fill.price,
            quantity: fill.quantity,
            fee: fill.fee,
            time: fill.timestamp,
            settlement: true,
          });
      }
      return inserted.rowCount === 1;
    });
    imported.push({ symbol, clientOrderId, quantity: order.quantity, price, time, recorded });
  }
  return imported;
}
