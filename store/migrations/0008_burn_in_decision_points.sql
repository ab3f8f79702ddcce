-- Up Migration

-- What became of each decision point of a run's calendar: evaluated (the strategies decided on it,
-- whatever they decided), or skipped and why (the clock moved past it while a cycle's orders
-- finished). Points in neither state were not reached (the run ended first). The report counts
-- them, so a run can never look as if it had decided more often than it did.
CREATE TABLE burn_in_decision_points (
  run_id   text NOT NULL REFERENCES burn_in_runs (run_id),
  time     timestamptz NOT NULL,
  outcome  text NOT NULL CHECK (outcome IN ('evaluated', 'skipped')),
  reason   text,
  PRIMARY KEY (run_id, time)
);

-- Down Migration
DROP TABLE burn_in_decision_points;
