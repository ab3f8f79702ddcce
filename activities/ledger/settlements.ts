import type { Pool } from '../../store/db.js';
import { withTransaction } from '../../store/transaction.js';
import { settlementClientOrderId } from '../../domain/execution/settlement-id.js';
import type { Venue } from '../../venues/venue.js';
import { insertSettlementFill, insertSettlementOrder } from '../../store/ledger/order-ledger.js';
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
      const inserted = await insertSettlementOrder(client, {
        clientOrderId,
        account,
        venue: venue.name,
        symbol,
        quantity: order.quantity,
        venueOrderId: order.venueOrderId,
        averagePrice: price,
        time,
      });
      for (const fill of fills) {
        const added = await insertSettlementFill(client, {
          venue: venue.name,
          tradeId: fill.tradeId,
          clientOrderId,
          account,
          symbol,
          price: fill.price,
          quantity: fill.quantity,
          fee: fill.fee,
          feeAsset: fill.feeAsset,
          time: fill.timestamp,
        });
        if (added)
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
      return inserted;
    });
    imported.push({ symbol, clientOrderId, quantity: order.quantity, price, time, recorded });
  }
  return imported;
}
