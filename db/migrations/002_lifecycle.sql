-- What the ticket lifecycle records: review flags, breaches, time logged, and work booked.

ALTER TABLE tickets
  ADD COLUMN needs_review      boolean NOT NULL DEFAULT false, -- promised from the automatic triage
  ADD COLUMN ack_breached_at   timestamptz,                    -- the promise was not out by the deadline
  ADD COLUMN logged_minutes    integer NOT NULL DEFAULT 0,
  ADD COLUMN refusal_reason    text,
  ADD COLUMN closed_at         timestamptz;

-- A booking of a ticket's estimated effort in a specialist's working time; its end is the promise.
CREATE TABLE bookings (
  id            bigserial PRIMARY KEY,
  ticket_id     bigint NOT NULL REFERENCES tickets (id),
  booking_key   text NOT NULL,
  staff_id      bigint REFERENCES staff (id),
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz NOT NULL,
  effort_minutes integer NOT NULL,
  cancelled_at  timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (ticket_id, booking_key),
  CHECK (ends_at >= starts_at)
);
CREATE INDEX bookings_active ON bookings (staff_id, ends_at) WHERE cancelled_at IS NULL;

-- A client's reply to one of our letters joins its ticket instead of opening a new one.
ALTER TABLE inbound_messages ADD COLUMN reply_to_ticket_id bigint REFERENCES tickets (id);
