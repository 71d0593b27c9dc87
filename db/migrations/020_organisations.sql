-- Client organisations and their contracts: a sender address belongs to an organisation by its e-mail domain or
-- by a lead's explicit assignment (which beats the domain). A ticket records the organisation it was opened under,
-- and a callback booked for voice support is marked on the ticket and on its booking.

CREATE TABLE organisations (
  id             bigserial PRIMARY KEY,
  name           text NOT NULL,
  time_zone      text,                          -- NULL: the support desk's
  weekly_hours   jsonb,                         -- {"1": [{"start": "08:00", "end": "17:00"}], ...}; NULL: the desk's
  voice_support  boolean NOT NULL DEFAULT false, -- bought the paid voice support
  priority       boolean NOT NULL DEFAULT false, -- its normal requests go into specialists' queues as high
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX organisations_name ON organisations (lower(name));

-- A domain belongs to one organisation; its subdomains too, unless they are listed for another.
CREATE TABLE organisation_domains (
  domain           text PRIMARY KEY CHECK (domain = lower(domain)),
  organisation_id  bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE
);
CREATE INDEX organisation_domains_by_organisation ON organisation_domains (organisation_id);

-- Addresses a lead assigned by hand.
CREATE TABLE organisation_clients (
  address          text PRIMARY KEY CHECK (address = lower(address)),
  organisation_id  bigint NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  assigned_by      text,
  assigned_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX organisation_clients_by_organisation ON organisation_clients (organisation_id);

ALTER TABLE tickets ADD COLUMN organisation_id bigint REFERENCES organisations (id);
ALTER TABLE tickets ADD COLUMN callback_at timestamptz; -- voice support: when the specialist calls the client
CREATE INDEX tickets_by_organisation ON tickets (organisation_id, received_at);

ALTER TABLE bookings ADD COLUMN channel text NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'voice'));
