-- Up Migration

-- One row per published package revision. The publish root is the source of truth for what is
-- published; this table remembers when it was published and verified (delivery health, lateness)
-- and what its schema diagnostics said (the rolling failure-rate baseline), without re-reading files.
CREATE TABLE export_packages (
  account            text NOT NULL,
  date               date NOT NULL,
  revision           integer NOT NULL CHECK (revision >= 1),
  package_id         text NOT NULL,
  manifest_hash      text NOT NULL CHECK (manifest_hash ~ '^[0-9a-f]{64}$'),
  path               text NOT NULL,
  status             text NOT NULL CHECK (status IN ('published', 'verified', 'quarantined', 'removed')),
  decisions          bigint NOT NULL,
  non_warmup_failures bigint NOT NULL,
  top_non_warmup_fields jsonb NOT NULL DEFAULT '[]',
  published_at       timestamptz NOT NULL,
  verified_at        timestamptz,
  status_reason      text,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account, date, revision)
);
CREATE INDEX export_packages_manifest ON export_packages (account, date, manifest_hash);

-- The venue's own settlement orders ran in no workflow: their workflow id is NULL, not ''.
ALTER TABLE orders ALTER COLUMN workflow_id DROP NOT NULL;
UPDATE orders SET workflow_id = NULL WHERE workflow_id = '';

-- decisions.csv reports each symbol's listing time and age at the decision.
ALTER TABLE strategy_decisions ADD COLUMN symbol_listed_at timestamptz;

-- The daily export selects each table by account and day.
CREATE INDEX fills_account_time ON fills (account, time);
CREATE INDEX orders_account_decision_time ON orders (account, decision_time);
CREATE INDEX risk_decisions_account_day ON risk_decisions (account, (COALESCE(venue_time, decided_at)));

-- Down Migration

DROP INDEX risk_decisions_account_day;
DROP INDEX orders_account_decision_time;
DROP INDEX fills_account_time;
ALTER TABLE strategy_decisions DROP COLUMN symbol_listed_at;
UPDATE orders SET workflow_id = '' WHERE workflow_id IS NULL;
ALTER TABLE orders ALTER COLUMN workflow_id SET NOT NULL;
DROP TABLE export_packages;
