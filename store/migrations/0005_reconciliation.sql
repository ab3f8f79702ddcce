-- Up Migration

-- One row per reconciliation of an account: what triggered it, what it found, when.
CREATE TABLE reconcile_runs (
  run_id         text PRIMARY KEY,
  account        text NOT NULL,
  trigger        text NOT NULL CHECK (trigger IN ('startup', 'schedule', 'manual')),
  workflow_id    text NOT NULL,
  status         text NOT NULL CHECK (status IN ('RUNNING', 'CLEAN', 'DRIFT')),
  worst_severity text CHECK (worst_severity IN ('info', 'warn', 'critical')),
  drift_count    integer NOT NULL DEFAULT 0,
  counts         jsonb NOT NULL DEFAULT '{}',
  started_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz
);
CREATE INDEX reconcile_runs_account_started ON reconcile_runs (account, started_at);

-- Every difference a run found, what was done about it and how that went.
CREATE TABLE reconcile_drifts (
  run_id          text NOT NULL REFERENCES reconcile_runs (run_id),
  seq             integer NOT NULL,
  kind            text NOT NULL,
  severity        text NOT NULL CHECK (severity IN ('info', 'warn', 'critical')),
  client_order_id text,
  symbol          text,
  trade_id        text,
  asset           text,
  detail          text NOT NULL,
  facts           jsonb NOT NULL,
  action          text NOT NULL,
  outcome         text,
  acted_at        timestamptz,
  PRIMARY KEY (run_id, seq)
);

-- What each asset's venue balance was worth apart from Keel's own fills, taken at an account's
-- first reconciliation: expected balance = baseline + the ledger's effect since.
CREATE TABLE reconcile_baselines (
  account  text PRIMARY KEY,
  balances jsonb NOT NULL,
  taken_at timestamptz NOT NULL DEFAULT now(),
  run_id   text NOT NULL
);

-- Down Migration
DROP TABLE reconcile_baselines;
DROP TABLE reconcile_drifts;
DROP TABLE reconcile_runs;
