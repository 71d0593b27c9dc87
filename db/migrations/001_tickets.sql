-- The ticket record: inbound mail as received, tickets, their history, outgoing letters and staff.

CREATE SEQUENCE ticket_number_seq;

-- Every message exactly as it arrived; intake answers 250 only after this row is committed.
CREATE TABLE inbound_messages (
  id              bigserial PRIMARY KEY,
  message_key     text NOT NULL UNIQUE,          -- Message-ID, or sha256 of the raw bytes when there is none
  raw             bytea NOT NULL,
  size_bytes      integer NOT NULL,
  envelope_from   text,
  envelope_to     text[] NOT NULL DEFAULT '{}',
  from_address    text,
  from_name       text,
  subject         text NOT NULL DEFAULT '',
  received_at     timestamptz NOT NULL DEFAULT now(),
  handed_off_at   timestamptz,                   -- when its workflow was started or signalled
  workflow_id     text NOT NULL
);
CREATE INDEX inbound_messages_pending ON inbound_messages (received_at) WHERE handed_off_at IS NULL;

CREATE TABLE staff (
  id          bigserial PRIMARY KEY,
  email       text NOT NULL UNIQUE,
  name        text NOT NULL,
  role        text NOT NULL CHECK (role IN ('specialist', 'lead', 'admin')),
  skills      text[] NOT NULL DEFAULT '{}',
  token_hash  text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tickets (
  id                  bigserial PRIMARY KEY,
  number              text NOT NULL UNIQUE,
  workflow_id         text NOT NULL UNIQUE,
  source_message_id   bigint NOT NULL UNIQUE REFERENCES inbound_messages (id),
  client_email        text NOT NULL,
  client_name         text,
  subject             text NOT NULL,
  summary             text NOT NULL,
  language            text NOT NULL CHECK (language IN ('ru', 'en')),
  status              text NOT NULL,
  urgency             text,
  root_cause          text,
  phone_requested     boolean NOT NULL DEFAULT false,
  estimate_minutes    integer,
  assignee_id         bigint REFERENCES staff (id),
  received_at         timestamptz NOT NULL,
  ack_deadline        timestamptz,
  acknowledged_at     timestamptz,
  promised_at         timestamptz,
  resolved_at         timestamptz,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tickets_status ON tickets (status);
CREATE INDEX tickets_client ON tickets (lower(client_email));

-- The ticket's history: letters, client replies, staff actions, escalations. event_key makes writes idempotent.
CREATE TABLE ticket_events (
  id          bigserial PRIMARY KEY,
  ticket_id   bigint NOT NULL REFERENCES tickets (id),
  event_key   text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  kind        text NOT NULL,
  actor       text,
  details     jsonb NOT NULL DEFAULT '{}',
  UNIQUE (ticket_id, event_key)
);

-- Outgoing letters: one row per (ticket, letter) so that a retried send never mails twice.
CREATE TABLE letters (
  id            bigserial PRIMARY KEY,
  ticket_id     bigint NOT NULL REFERENCES tickets (id),
  letter_key    text NOT NULL,
  kind          text NOT NULL,
  recipients    text[] NOT NULL,
  subject       text NOT NULL,
  body_text     text NOT NULL,
  message_id    text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  sent_at       timestamptz,
  attempts      integer NOT NULL DEFAULT 0,
  last_error    text,
  UNIQUE (ticket_id, letter_key)
);
