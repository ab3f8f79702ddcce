-- Up Migration

-- Binance's rule for newClientOrderId: unique among the account's OPEN orders only. Once the earlier
-- order is FILLED, CANCELED, EXPIRED or REJECTED the same id is accepted as a new order, and a look-up
-- by origClientOrderId answers with the latest. The simulator used to refuse a reused id forever,
-- which hid every re-send that real Binance would have turned into a second order.
ALTER TABLE venue_sim.orders DROP CONSTRAINT orders_account_client_order_id_key;
CREATE UNIQUE INDEX venue_sim_orders_open_client_id ON venue_sim.orders (account, client_order_id)
  WHERE status IN ('NEW', 'PARTIALLY_FILLED');
CREATE INDEX venue_sim_orders_client_id ON venue_sim.orders (account, client_order_id, order_id);

-- Down Migration
DROP INDEX venue_sim.venue_sim_orders_client_id;
DROP INDEX venue_sim.venue_sim_orders_open_client_id;
ALTER TABLE venue_sim.orders ADD CONSTRAINT orders_account_client_order_id_key UNIQUE (account, client_order_id);
