-- Up Migration

-- Every attempt to send an order to the venue, written before the request goes out. Temporal cannot
-- hold this marker: a local activity's result is lost when the worker dies before the workflow task
-- completes, and the attempt then runs again. A later attempt reads these rows to learn that it may
-- repeat an earlier one, and looks the order up at the venue before it sends anything (the fence).
-- request_timestamp and recv_window_ms are what the venue was told: a request still on its way is
-- refused once request_timestamp + recv_window_ms has passed on the venue's clock.
CREATE TABLE order_submission_attempts (
  client_order_id   text NOT NULL REFERENCES orders (client_order_id),
  attempt           integer NOT NULL CHECK (attempt >= 1),
  request_timestamp timestamptz NOT NULL,
  recv_window_ms    integer NOT NULL CHECK (recv_window_ms > 0),
  recorded_at       timestamptz NOT NULL DEFAULT now(),
  -- The venue answered with a refusal (a rejection, a 429): this attempt can never be accepted later.
  refused_at        timestamptz,
  PRIMARY KEY (client_order_id, attempt)
);

-- Down Migration
DROP TABLE order_submission_attempts;
