import type { Client } from '@temporalio/client';
import { startOrder } from '../../client/orders/start-order.js';
import { orderStateQuery } from '../../contracts/orders.js';
import type { OrderIntent, OrderState, OrderStatus } from '../../domain/orders/types.js';
import type { SimClient } from './venue-sim.js';
import { waitFor } from './wait-for.js';

/** Order workflows as the tests drive them, through `client`, with fills from `sim`'s driven clocks. */
export function orderWorkflows(client: Client, sim: SimClient) {
  return {
    /** Queries the order's workflow until its status is one of `statuses` (a failed query is asked again). */
    waitForStatus: (clientOrderId: string, statuses: OrderStatus[]): Promise<OrderState> => {
      const handle = client.workflow.getHandle(`order-${clientOrderId}`);
      return waitFor(`${clientOrderId} to reach ${statuses.join('/')}`, async () => {
        const state = await handle.query(orderStateQuery).catch(() => undefined);
        return state && statuses.includes(state.status) ? state : undefined;
      });
    },

    /** Starts the order on `taskQueue` and keeps the account's clock moving until it ends (driven fills). */
    placeAndFill: async (
      account: { name: string },
      intent: OrderIntent,
      taskQueue: string,
    ): Promise<OrderState> => {
      const { handle } = await startOrder(client, intent, { taskQueue });
      return sim.whileAdvancing(account.name, handle.result(), 200);
    },
  };
}
