-- The scheduler's guarantees and records: no specialist is ever double-booked (also under concurrent
-- writers), specialists have time off and on-call duty, and every promise is kept for accuracy reports.

CREATE EXTENSION IF NOT EXISTS btree_gist;

-- Deferrable, so that a pre-emption can shift a whole queue inside one transaction.
ALTER TABLE bookings ADD CONSTRAINT bookings_no_double_booking
  EXCLUDE USING gist (staff_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
  WHERE (cancelled_at IS NULL AND staff_id IS NOT NULL)
  DEFERRABLE INITIALLY IMMEDIATE;

ALTER TABLE staff ADD COLUMN on_call boolean NOT NULL DEFAULT false;

CREATE TABLE staff_time_off (
  id         bigserial PRIMARY KEY,
  staff_id   bigint NOT NULL REFERENCES staff (id),
  starts_at  timestamptz NOT NULL,
  ends_at    timestamptz NOT NULL,
  reason     text,
  CHECK (ends_at > starts_at)
);
CREATE INDEX staff_time_off_by_staff ON staff_time_off (staff_id, ends_at);

-- Every promise made to a client; with tickets.resolved_at it measures how accurate promises are.
CREATE TABLE promises (
  id            bigserial PRIMARY KEY,
  ticket_id     bigint NOT NULL REFERENCES tickets (id),
  promised_at   timestamptz NOT NULL,
  made_at       timestamptz NOT NULL DEFAULT now(),
  specialist_id bigint REFERENCES staff (id),
  UNIQUE (ticket_id, promised_at)
);
