-- Up Migration

-- One row per order intent; the client order id is the idempotency key end to end (workflow id
-- order-<clientOrderId>, the venue's newClientOrderId, this primary key).
CREATE TABLE orders (
  client_order_id       text PRIMARY KEY,
  workflow_id           text NOT NULL,
  account               text NOT NULL,
  venue                 text NOT NULL,
  symbol                text NOT NULL,
  side                  text NOT NULL CHECK (side IN ('buy', 'sell')),
  type                  text NOT NULL CHECK (type IN ('market', 'limit')),
  time_in_force         text NOT NULL CHECK (time_in_force IN ('GTC', 'IOC', 'FOK')),
  quantity              numeric(38, 18) NOT NULL CHECK (quantity > 0),
  price                 numeric(38, 18),
  run_id                text,
  strategy              text,
  status                text NOT NULL,
  venue_order_id        text,
  filled_quantity       numeric(38, 18) NOT NULL DEFAULT 0,
  average_price         numeric(38, 18),
  fees                  numeric(38, 18) NOT NULL DEFAULT 0,
  reason                text,
  -- transaction-cost analysis
  decision_price        numeric(38, 18),
  decision_time         timestamptz NOT NULL,
  arrival_price         numeric(38, 18),
  submitted_at          timestamptz,
  accepted_at           timestamptz,
  first_fill_at         timestamptz,
  last_fill_at          timestamptz,
  terminal_at           timestamptz,
  fill_vwap             numeric(38, 18),
  fill_rate             double precision,
  slippage_bps_decision double precision,
  slippage_bps_arrival  double precision,
  shortfall_bps         double precision,
  last_event_seq        integer NOT NULL DEFAULT 0,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX orders_account_status ON orders (account, status);
CREATE INDEX orders_run ON orders (run_id) WHERE run_id IS NOT NULL;
CREATE INDEX orders_created ON orders (created_at);

-- Append-only story of each order, one row per state-machine event, numbered per order.
CREATE TABLE order_events (
  client_order_id text NOT NULL REFERENCES orders (client_order_id),
  seq             integer NOT NULL CHECK (seq > 0),
  type            text NOT NULL,
  status_after    text NOT NULL,
  payload         jsonb NOT NULL,
  at              timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (client_order_id, seq)
);

CREATE FUNCTION keel_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END;
$$;
CREATE TRIGGER order_events_append_only BEFORE UPDATE OR DELETE ON order_events
  FOR EACH ROW EXECUTE FUNCTION keel_append_only();

-- Executions, unique by the venue's trade id: a fill seen twice (poll and feed, replay,
-- reconciliation) is stored once. Venues number trades per symbol (Binance) or per account (the
-- simulator), so the key carries both. Positions and cash are derived from these rows.
CREATE TABLE fills (
  venue           text NOT NULL,
  trade_id        text NOT NULL,
  client_order_id text NOT NULL REFERENCES orders (client_order_id),
  account         text NOT NULL,
  symbol          text NOT NULL,
  side            text NOT NULL CHECK (side IN ('buy', 'sell')),
  price           numeric(38, 18) NOT NULL CHECK (price > 0),
  quantity        numeric(38, 18) NOT NULL CHECK (quantity > 0),
  fee             numeric(38, 18) NOT NULL CHECK (fee >= 0),
  fee_asset       text NOT NULL,
  is_maker        boolean NOT NULL,
  time            timestamptz NOT NULL,
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (venue, account, symbol, trade_id)
);
CREATE INDEX fills_account_symbol_time ON fills (account, symbol, time);
CREATE INDEX fills_order ON fills (client_order_id);
CREATE TRIGGER fills_append_only BEFORE UPDATE OR DELETE ON fills
  FOR EACH ROW EXECUTE FUNCTION keel_append_only();

-- The pre-trade risk decision of each intent, recorded before any venue call. One per client order
-- id: a deny is final for that intent.
CREATE TABLE risk_decisions (
  client_order_id text PRIMARY KEY REFERENCES orders (client_order_id),
  account         text NOT NULL,
  decision        text NOT NULL CHECK (decision IN ('ALLOW', 'DENY')),
  codes           text[] NOT NULL,
  details         jsonb NOT NULL,
  intent          jsonb NOT NULL,
  snapshot_digest text NOT NULL CHECK (snapshot_digest ~ '^[0-9a-f]{64}$'),
  rules_version   text NOT NULL,
  decided_at      timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER risk_decisions_append_only BEFORE UPDATE OR DELETE ON risk_decisions
  FOR EACH ROW EXECUTE FUNCTION keel_append_only();

-- Down Migration
DROP TABLE risk_decisions;
DROP TABLE fills;
DROP TABLE order_events;
DROP TABLE orders;
DROP FUNCTION keel_append_only();
