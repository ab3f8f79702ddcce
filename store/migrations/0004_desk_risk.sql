-- Up Migration

-- The desk's mode per account, read by the pre-trade gate under a row lock: a mode change commits
-- only after every evaluation in flight has, and every later evaluation sees it.
CREATE TABLE desk_state (
  account    text PRIMARY KEY,
  mode       text NOT NULL CHECK (mode IN ('ACTIVE', 'CLOSE_ONLY', 'HALTED')),
  reason     text NOT NULL,
  actor      text NOT NULL,
  since      timestamptz NOT NULL,
  breakers   jsonb NOT NULL DEFAULT '[]',
  overridden jsonb NOT NULL DEFAULT '[]',
  change_id  text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Audit trail of the desk: every mode change, breaker trip / clear and refused request.
CREATE TABLE desk_events (
  change_id   text PRIMARY KEY,
  account     text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('MODE_CHANGED', 'BREAKER_TRIPPED', 'BREAKER_CLEARED', 'REQUEST_REFUSED')),
  old_mode    text,
  new_mode    text,
  reason      text NOT NULL,
  actor       text NOT NULL,
  breaker     text,
  details     jsonb NOT NULL DEFAULT '{}',
  at          timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX desk_events_account_at ON desk_events (account, at);
-- The error-rate breaker counts recent venue rejects and failed submissions.
CREATE INDEX order_events_venue_errors ON order_events (recorded_at)
  WHERE type IN ('REJECTED', 'SUBMIT_OUTCOME_UNKNOWN');
CREATE TRIGGER desk_events_append_only BEFORE UPDATE OR DELETE ON desk_events
  FOR EACH ROW EXECUTE FUNCTION keel_append_only();

-- Positions kept current from fills in the transaction that records each new fill (a fill is
-- applied exactly once: only when its insert succeeded). Derivable from `fills` at any time.
CREATE TABLE positions (
  account      text NOT NULL,
  symbol       text NOT NULL,
  quantity     numeric NOT NULL DEFAULT 0,
  entry_price  numeric,
  realized_pnl numeric NOT NULL DEFAULT 0,
  fees         numeric NOT NULL DEFAULT 0,
  cash_delta   numeric NOT NULL DEFAULT 0,
  last_loss_at timestamptz,
  fills        integer NOT NULL DEFAULT 0,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account, symbol)
);
-- Fills recorded before this table existed: quantity, cash and fees are exact sums; their entry
-- price and realized P&L are not reconstructed (SQL cannot replay weighted-average cost).
INSERT INTO positions (account, symbol, quantity, cash_delta, fees, fills)
SELECT account, symbol,
       sum(CASE side WHEN 'buy' THEN quantity ELSE -quantity END),
       sum(CASE side WHEN 'buy' THEN -price * quantity ELSE price * quantity END - fee),
       sum(fee), count(*)
FROM fills GROUP BY account, symbol;

-- Marked equity per account and venue day: the first mark of a day is its start, the peak carries
-- over from earlier days.
CREATE TABLE equity_marks (
  account      text NOT NULL,
  day          date NOT NULL,
  start_equity numeric NOT NULL,
  peak_equity  numeric NOT NULL,
  last_equity  numeric NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (account, day)
);

-- The full snapshot and every rule's verdict, so `keel risk explain` can show why.
ALTER TABLE risk_decisions
  ADD COLUMN snapshot   jsonb,
  ADD COLUMN results    jsonb,
  ADD COLUMN venue_time timestamptz;
CREATE INDEX risk_decisions_allowed_venue_time ON risk_decisions (account, venue_time) WHERE decision = 'ALLOW';
CREATE INDEX risk_decisions_allowed_decided ON risk_decisions (account, decided_at) WHERE decision = 'ALLOW';

-- Down Migration
DROP INDEX risk_decisions_allowed_decided;
DROP INDEX risk_decisions_allowed_venue_time;
ALTER TABLE risk_decisions DROP COLUMN venue_time, DROP COLUMN results, DROP COLUMN snapshot;
DROP TABLE equity_marks;
DROP INDEX order_events_venue_errors;
DROP TABLE positions;
DROP TABLE desk_events;
DROP TABLE desk_state;
