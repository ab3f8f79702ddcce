-- Up Migration

-- The venue round trip of an order's acknowledged submission, on the worker's wall clock: when its
-- request went out and when the venue's acknowledgement came back. accepted_at stays the venue's
-- time of acceptance (the simulator's market time in a paper run), so TCA measures the market legs
-- and this wall-clock latency apart, and never subtracts a stamp of one clock from the other.
ALTER TABLE orders ADD COLUMN sent_wall_at timestamptz, ADD COLUMN acked_wall_at timestamptz;

-- Down Migration
ALTER TABLE orders DROP COLUMN acked_wall_at, DROP COLUMN sent_wall_at;
