-- Up Migration

-- The venue simulator's own state, in its own schema: it is a separate system from Keel's ledger
-- and must never be read by Keel except through the exchange API.
CREATE SCHEMA venue_sim;

CREATE TABLE venue_sim.accounts (
  name         text PRIMARY KEY,
  api_key      text NOT NULL UNIQUE,
  api_secret   text NOT NULL,
  -- symbols, dataset, clock and fill-model settings, as created (validated by the simulator)
  spec         jsonb NOT NULL,
  -- market time up to which bars have been processed (epoch ms)
  market_time  bigint NOT NULL,
  -- realtime clocks: wall time at which market_time was reached
  wall_anchor  bigint NOT NULL,
  next_order_id bigint NOT NULL DEFAULT 1,
  next_trade_id bigint NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE venue_sim.balances (
  account text NOT NULL REFERENCES venue_sim.accounts (name) ON DELETE CASCADE,
  asset   text NOT NULL,
  free    numeric(38, 18) NOT NULL,
  locked  numeric(38, 18) NOT NULL DEFAULT 0,
  PRIMARY KEY (account, asset)
);

CREATE TABLE venue_sim.orders (
  account               text NOT NULL REFERENCES venue_sim.accounts (name) ON DELETE CASCADE,
  order_id              bigint NOT NULL,
  client_order_id       text NOT NULL,
  symbol                text NOT NULL,
  side                  text NOT NULL,
  type                  text NOT NULL,
  time_in_force         text NOT NULL,
  price                 numeric(38, 18),
  quantity              numeric(38, 18) NOT NULL,
  executed_qty          numeric(38, 18) NOT NULL,
  cummulative_quote_qty numeric(38, 18) NOT NULL,
  status                text NOT NULL,
  submit_time           bigint NOT NULL,
  update_time           bigint NOT NULL,
  -- funds held for the order (quote for buys, base for sells), released when it ends
  reserved              numeric(38, 18) NOT NULL,
  PRIMARY KEY (account, order_id),
  -- Stricter than Binance (unique among open orders only): a client order id is never reused.
  UNIQUE (account, client_order_id)
);
CREATE INDEX venue_sim_orders_open ON venue_sim.orders (account) WHERE status IN ('NEW', 'PARTIALLY_FILLED');

CREATE TABLE venue_sim.trades (
  account          text NOT NULL REFERENCES venue_sim.accounts (name) ON DELETE CASCADE,
  trade_id         bigint NOT NULL,
  order_id         bigint NOT NULL,
  symbol           text NOT NULL,
  side             text NOT NULL,
  price            numeric(38, 18) NOT NULL,
  qty              numeric(38, 18) NOT NULL,
  quote_qty        numeric(38, 18) NOT NULL,
  commission       numeric(38, 18) NOT NULL,
  commission_asset text NOT NULL,
  is_maker         boolean NOT NULL,
  time             bigint NOT NULL,
  PRIMARY KEY (account, trade_id)
);
CREATE INDEX venue_sim_trades_symbol_time ON venue_sim.trades (account, symbol, time);

-- Down Migration
DROP SCHEMA venue_sim CASCADE;
