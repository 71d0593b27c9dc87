-- A new request gets its ticket number when its mail is stored, and the number is its workflow's ID, so ops see
-- TRC-000123 in the Temporal UI instead of a hash. A redelivery finds the row and the same number. Messages
-- stored before this (and replies, and mail that makes no ticket) have none: registration allocates as before.
ALTER TABLE inbound_messages ADD COLUMN ticket_number text UNIQUE;
