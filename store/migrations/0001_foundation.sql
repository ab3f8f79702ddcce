-- Up Migration

-- One row per process start: what configuration it ran with (secrets redacted), so any two
-- sessions can be compared with `keel config diff`.
CREATE TABLE config_snapshots (
  session_id   text PRIMARY KEY,
  process_kind text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  profile      text NOT NULL,
  config       jsonb NOT NULL,
  config_hash  text NOT NULL CHECK (config_hash ~ '^[0-9a-f]{64}$'),
  code_version text NOT NULL,
  hostname     text NOT NULL,
  pid          integer NOT NULL
);
CREATE INDEX config_snapshots_created_at ON config_snapshots (created_at);

-- Stack checks: a workflow proving worker -> activity -> database round trips. The workflow id is
-- the primary key, so a retried activity updates the same row instead of adding one.
CREATE TABLE system_checks (
  check_id          text PRIMARY KEY,
  requested_by      text NOT NULL,
  status            text NOT NULL CHECK (status IN ('running', 'completed')),
  samples_requested integer NOT NULL CHECK (samples_requested > 0),
  samples_taken     integer NOT NULL DEFAULT 0,
  latency_p50_ms    double precision,
  latency_max_ms    double precision,
  schema_version    text,
  started_at        timestamptz NOT NULL DEFAULT now(),
  completed_at      timestamptz
);

-- Down Migration
DROP TABLE system_checks;
DROP TABLE config_snapshots;
