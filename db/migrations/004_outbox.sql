-- Letters are queued first and delivered by the ticket's courier, so a relay outage never blocks
-- staff; loops and bounces are recorded where staff see them.

ALTER TABLE letters
  ADD COLUMN body_html         text,
  ADD COLUMN headers           jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN suppressed_reason text,          -- not sent: e.g. the per-sender cap on automatic letters
  ADD COLUMN bounced_at        timestamptz,
  ADD COLUMN bounce_reason     text;
CREATE INDEX letters_recent_automatic ON letters (created_at) WHERE kind = 'receipt';

ALTER TABLE inbound_messages
  ADD COLUMN to_addresses   text[] NOT NULL DEFAULT '{}',
  ADD COLUMN cc_addresses   text[] NOT NULL DEFAULT '{}',
  ADD COLUMN automatic      text,             -- why this mail is automatic (auto-reply, bounce, list…); no letter answers it
  ADD COLUMN ignored_reason text;             -- stored but no ticket: why

ALTER TABLE tickets ADD COLUMN linked_ticket_id bigint REFERENCES tickets (id);
