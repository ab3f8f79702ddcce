-- Up Migration

-- A resolved binary market is redeemed by the venue at 1 or 0: a settlement is a fill of its own
-- kind, the only one that may carry a price of 0.
ALTER TABLE fills ADD COLUMN kind text NOT NULL DEFAULT 'trade' CHECK (kind IN ('trade', 'settlement'));
ALTER TABLE fills DROP CONSTRAINT fills_price_check;
ALTER TABLE fills ADD CONSTRAINT fills_price_check CHECK (price > 0 OR (kind = 'settlement' AND price = 0));

-- One row per burn-in run: what it ran (config and dataset, with hashes), where it stands, and its
-- verdict. The workflow is the source of truth while it runs; this row is what the CLI and the
-- daily export read.
CREATE TABLE burn_in_runs (
  run_id          text PRIMARY KEY,
  account         text NOT NULL,
  strategy        text NOT NULL,
  config          jsonb NOT NULL,
  config_hash     text NOT NULL,
  dataset         jsonb NOT NULL,
  dataset_hash    text NOT NULL,
  seed            bigint NOT NULL,
  market_from     timestamptz NOT NULL,
  market_to       timestamptz NOT NULL,
  status          text NOT NULL CHECK (status IN ('RUNNING', 'PAUSED', 'PASS', 'FAIL', 'CANCELED', 'ERROR')),
  status_reason   text,
  report          jsonb,
  report_hash     text,
  started_at      timestamptz NOT NULL DEFAULT now(),
  finished_at     timestamptz
);
CREATE INDEX burn_in_runs_account ON burn_in_runs (account, started_at);

-- Every strategy decision, including no-trade ones: what the strategy saw and why it acted.
CREATE TABLE strategy_decisions (
  run_id             text NOT NULL REFERENCES burn_in_runs (run_id),
  decision_time      timestamptz NOT NULL,
  symbol             text NOT NULL,
  account            text NOT NULL,
  strategy           text NOT NULL,
  action             text NOT NULL CHECK (action IN ('enter', 'exit', 'hold', 'no_trade')),
  reason_raw         text NOT NULL,
  reason_canonical   text NOT NULL,
  confidence         double precision NOT NULL,
  probability        double precision,
  reference_price    numeric(38, 18),
  schema_fail_class  text CHECK (schema_fail_class IN ('warmup_expected', 'integration_defect', 'unknown')),
  missing_fields     text[] NOT NULL DEFAULT '{}',
  -- What became of it: an order (its client order id), or why none was sent.
  client_order_id    text,
  outcome            text NOT NULL,
  sizing             jsonb,
  desk_mode          text NOT NULL,
  PRIMARY KEY (run_id, decision_time, symbol)
);
CREATE INDEX strategy_decisions_account_time ON strategy_decisions (account, decision_time);

-- Round trips, from flat to flat: an entry and its exit (a signal, the market's settlement, or the
-- run's end, marked at the last price without an order).
CREATE TABLE trades (
  run_id                 text NOT NULL REFERENCES burn_in_runs (run_id),
  account                text NOT NULL,
  symbol                 text NOT NULL,
  kind                   text NOT NULL CHECK (kind IN ('spot', 'binary')),
  strategy               text NOT NULL,
  entry_client_order_id  text NOT NULL,
  exit_client_order_id   text,
  entry_time             timestamptz NOT NULL,
  exit_time              timestamptz NOT NULL,
  entry_price            numeric(38, 18) NOT NULL,
  exit_price             numeric(38, 18) NOT NULL,
  quantity               numeric(38, 18) NOT NULL,
  gross_pnl              numeric(38, 18) NOT NULL,
  fees                   numeric(38, 18) NOT NULL,
  net_pnl                numeric(38, 18) NOT NULL,
  return_pct             double precision NOT NULL,
  entry_reason           text NOT NULL,
  exit_reason            text NOT NULL,
  exit_kind              text NOT NULL CHECK (exit_kind IN ('signal', 'settlement', 'end_of_run')),
  probability            double precision,
  outcome                smallint CHECK (outcome IN (0, 1)),
  regime                 jsonb NOT NULL,
  PRIMARY KEY (run_id, entry_client_order_id)
);
CREATE INDEX trades_account_exit ON trades (account, exit_time);

-- The run's equity at each period end (market time), marked at the venue's prices.
CREATE TABLE burn_in_equity (
  run_id   text NOT NULL REFERENCES burn_in_runs (run_id),
  time     timestamptz NOT NULL,
  equity   numeric(38, 18) NOT NULL,
  PRIMARY KEY (run_id, time)
);

-- Down Migration
DROP TABLE burn_in_equity;
DROP TABLE trades;
DROP TABLE strategy_decisions;
DROP TABLE burn_in_runs;
ALTER TABLE fills DROP CONSTRAINT fills_price_check;
ALTER TABLE fills ADD CONSTRAINT fills_price_check CHECK (price > 0);
ALTER TABLE fills DROP COLUMN kind;
