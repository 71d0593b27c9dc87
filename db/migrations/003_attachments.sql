-- The attachments of inbound mail, decoded, so that staff can open them without re-parsing the raw message.

CREATE TABLE attachments (
  id                  bigserial PRIMARY KEY,
  inbound_message_id  bigint NOT NULL REFERENCES inbound_messages (id),
  position            integer NOT NULL,                -- 1, 2, … in the order of the message
  filename            text NOT NULL,
  content_type        text NOT NULL,
  size_bytes          integer NOT NULL,
  content_id          text,                            -- for the cid: links of inline images
  inline              boolean NOT NULL DEFAULT false,
  content             bytea NOT NULL,
  UNIQUE (inbound_message_id, position)
);
