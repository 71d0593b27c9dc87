-- Every promise that urgent work moved, recorded in the transaction that moves it: the client is told
-- even when the notifier dies after the commit. notified_at is set once the ticket has heard (or the
-- move no longer matters); a retried or swept notification finds what is still untold.

CREATE TABLE promise_moves (
  id                bigserial PRIMARY KEY,
  cause_ticket_id   bigint NOT NULL REFERENCES tickets (id), -- the urgent booking (ticket, booking key)
  cause_booking_key text NOT NULL,                           -- that pushed the queue
  ticket_id         bigint NOT NULL REFERENCES tickets (id), -- the ticket whose booking it moved
  promised_at       timestamptz NOT NULL,                    -- the moved booking's new end: the new date
  created_at        timestamptz NOT NULL DEFAULT now(),
  notified_at       timestamptz
);
CREATE INDEX promise_moves_by_cause ON promise_moves (cause_ticket_id, cause_booking_key);
CREATE INDEX promise_moves_untold ON promise_moves (ticket_id, created_at) WHERE notified_at IS NULL;
