-- What the sender's domain vouches for in each inbound mail (SPF, DKIM, DMARC, ARC; null: not checked), and the
-- ticket a reply claimed to continue when it failed DMARC and became a request of its own instead.
ALTER TABLE inbound_messages
  ADD COLUMN authentication jsonb,
  ADD COLUMN unverified_reply_to_ticket_id bigint REFERENCES tickets (id);
