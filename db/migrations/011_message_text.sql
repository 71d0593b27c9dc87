-- The full decoded text of each inbound mail (quotes and signature kept), stored once when the mail is read
-- so that reading a ticket's conversation never parses raw MIME. NULL: not decoded yet (mail stored before
-- this column existed); the API decodes it on first read and stores it.
ALTER TABLE inbound_messages ADD COLUMN body_text text;

-- A client's reply belongs to its ticket's conversation: looked up by ticket.
CREATE INDEX inbound_messages_reply_to_ticket ON inbound_messages (reply_to_ticket_id)
  WHERE reply_to_ticket_id IS NOT NULL;
CREATE INDEX tickets_linked_ticket ON tickets (linked_ticket_id) WHERE linked_ticket_id IS NOT NULL;
