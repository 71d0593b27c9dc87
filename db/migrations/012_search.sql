-- Search over the written record: one row per searchable text (a ticket's subject, an inbound mail, a text
-- attachment, a letter, a staff comment or resolution) and one row per ticket joining all of its texts, searched
-- through a GIN index; triggers keep both current in the transaction that writes the source. Searching tickets
-- rather than texts keeps what a query reads small: 100,000 tickets, not 600,000 texts, and all words of a query
-- may come from different mails of one ticket. The texts give the snippet and say where the match is.
--
-- The `russian` configuration is the only one needed: PostgreSQL maps Latin-alphabet words in it to the English
-- Snowball stemmer (asciiword → english_stem), so one tsvector stems both languages; the stemmer also folds ё
-- into е. Ticket numbers, e-mail addresses and error codes (ORA-01555, 0x80070005, E1234) are added as whole
-- lexemes of their own (the parser would split ORA-01555 into "ora" and "-01555"), so they are found exactly; every
-- row also carries its ticket's number ("trc-000123" and "000123").

-- The readable text of a text attachment (a log, .txt, .csv), decoded when stored; NULL for other files.
ALTER TABLE attachments ADD COLUMN text_content text;

CREATE FUNCTION search_tokens(body text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT token), '{}') FROM (
    SELECT 'trc-' || lpad(m[1], 6, '0') AS token
      FROM regexp_matches(body, '\mTRC[- ]?0*([0-9]{1,9})\M', 'gi') AS m
    UNION ALL
    SELECT lower(m[1]) FROM regexp_matches(body, '([[:alnum:]._%+-]+@[[:alnum:]-]+(?:\.[[:alnum:]-]+)+)', 'gi') AS m
    UNION ALL
    SELECT lower(m[1]) FROM regexp_matches(body, '\m(0x[0-9a-f]{4,16})\M', 'gi') AS m
    UNION ALL
    SELECT lower(m[1]) FROM regexp_matches(body, '\m([a-z]{2,6}-[0-9]{2,6})\M', 'gi') AS m
    UNION ALL
    SELECT lower(m[1]) FROM regexp_matches(body, '\m([a-z]{1,3}[0-9]{3,8})\M', 'gi') AS m
  ) AS found
$$;

-- What a row is searched by: its stemmed words with a weight (A subject … D attachment), its exact tokens, and
-- its ticket's number.
CREATE FUNCTION search_vector(body text, weight "char", extra text, ticket_number text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('russian', body), weight)
      || array_to_tsvector(search_tokens(body || ' ' || coalesce(extra, ''))
                           || ARRAY[lower(ticket_number), substr(ticket_number, length(ticket_number) - 5)])
$$;

CREATE TABLE search_documents (
  id          bigserial PRIMARY KEY,
  ticket_id   bigint NOT NULL REFERENCES tickets (id),
  source      text NOT NULL CHECK (source IN ('subject', 'mail', 'attachment', 'letter', 'comment', 'resolution')),
  source_id   bigint NOT NULL,            -- tickets, inbound_messages, attachments, letters or ticket_events
  at          timestamptz NOT NULL,
  body        text NOT NULL,              -- the text searched, for snippets
  document    tsvector NOT NULL,
  UNIQUE (source, source_id)
);
CREATE INDEX search_documents_ticket ON search_documents (ticket_id);

CREATE AGGREGATE search_vector_agg(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');

-- All texts of a ticket in one vector (positions run on from text to text, so a phrase never spans two).
CREATE TABLE search_tickets (
  ticket_id  bigint PRIMARY KEY REFERENCES tickets (id),
  document   tsvector NOT NULL
);
CREATE INDEX search_tickets_document ON search_tickets USING gin (document);

CREATE FUNCTION search_refresh_ticket(p_ticket bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- Two writers adding texts to one ticket take turns, so that the later one sees the earlier one's text.
  PERFORM pg_advisory_xact_lock(7310012, (p_ticket % 2147483647)::int);
  INSERT INTO search_tickets (ticket_id, document)
  SELECT p_ticket, search_vector_agg(document ORDER BY id) FROM search_documents WHERE ticket_id = p_ticket
  ON CONFLICT (ticket_id) DO UPDATE SET document = EXCLUDED.document;
END
$$;

-- Texts longer than this are searched by their beginning (a tsvector holds at most 1 MB, positions up to 16383).
CREATE FUNCTION search_body(body text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT left(translate(body, E'\u0001\u0002', ''), 100000)
$$;

CREATE FUNCTION search_index(p_ticket bigint, p_source text, p_source_id bigint, p_at timestamptz, p_body text,
                             p_weight "char", p_extra text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  ticket_number text;
  previous bigint;
BEGIN
  SELECT ticket_id INTO previous FROM search_documents WHERE source = p_source AND source_id = p_source_id;
  IF p_ticket IS NULL OR p_body IS NULL THEN
    DELETE FROM search_documents WHERE source = p_source AND source_id = p_source_id;
  ELSE
    SELECT number INTO ticket_number FROM tickets WHERE id = p_ticket;
    INSERT INTO search_documents (ticket_id, source, source_id, at, body, document)
    VALUES (p_ticket, p_source, p_source_id, p_at, search_body(p_body),
            search_vector(search_body(p_body), p_weight, p_extra, ticket_number))
    ON CONFLICT (source, source_id) DO UPDATE
      SET ticket_id = EXCLUDED.ticket_id, at = EXCLUDED.at, body = EXCLUDED.body, document = EXCLUDED.document;
    PERFORM search_refresh_ticket(p_ticket);
  END IF;
  IF previous IS NOT NULL AND previous IS DISTINCT FROM p_ticket THEN
    PERFORM search_refresh_ticket(previous);
  END IF;
END
$$;

-- The ticket an inbound mail belongs to: the one it replies to, or the one it started.
CREATE FUNCTION search_ticket_of_message(p_message bigint, p_reply_to bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT coalesce(p_reply_to, (SELECT id FROM tickets WHERE source_message_id = p_message))
$$;

CREATE FUNCTION search_index_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_index(NEW.id, 'subject', NEW.id, NEW.received_at, NEW.subject, 'A', NEW.client_email);
  IF TG_OP = 'INSERT' THEN
    -- The request may have been read before its ticket existed.
    PERFORM search_index(NEW.id, 'mail', m.id, m.received_at, m.body_text, 'B',
                         concat_ws(' ', m.from_address, array_to_string(m.to_addresses, ' '),
                                   array_to_string(m.cc_addresses, ' ')))
       FROM inbound_messages m WHERE m.id = NEW.source_message_id AND m.body_text IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER search_index AFTER INSERT OR UPDATE OF subject, client_email ON tickets
  FOR EACH ROW EXECUTE FUNCTION search_index_ticket();

CREATE FUNCTION search_index_message() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ticket bigint := search_ticket_of_message(NEW.id, NEW.reply_to_ticket_id);
BEGIN
  PERFORM search_index(ticket, 'mail', NEW.id, NEW.received_at, NEW.body_text, 'B',
                       concat_ws(' ', NEW.from_address, array_to_string(NEW.to_addresses, ' '),
                                 array_to_string(NEW.cc_addresses, ' ')));
  IF TG_OP = 'UPDATE' AND NEW.reply_to_ticket_id IS DISTINCT FROM OLD.reply_to_ticket_id THEN
    -- A reply that left its ticket takes its attachments along.
    PERFORM search_index(ticket, 'attachment', a.id, NEW.received_at, a.text_content, 'D', a.filename)
       FROM attachments a WHERE a.inbound_message_id = NEW.id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER search_index AFTER INSERT OR UPDATE OF body_text, reply_to_ticket_id ON inbound_messages
  FOR EACH ROW EXECUTE FUNCTION search_index_message();

CREATE FUNCTION search_index_attachment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_index(search_ticket_of_message(m.id, m.reply_to_ticket_id), 'attachment', NEW.id, m.received_at,
                       NEW.text_content, 'D', NEW.filename)
     FROM inbound_messages m WHERE m.id = NEW.inbound_message_id;
  RETURN NULL;
END
$$;
CREATE TRIGGER search_index AFTER INSERT OR UPDATE OF text_content ON attachments
  FOR EACH ROW EXECUTE FUNCTION search_index_attachment();

CREATE FUNCTION search_index_letter() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_index(NEW.ticket_id, 'letter', NEW.id, NEW.created_at, NEW.subject || E'\n\n' || NEW.body_text,
                       'C', array_to_string(NEW.recipients, ' '));
  RETURN NULL;
END
$$;
CREATE TRIGGER search_index AFTER INSERT ON letters FOR EACH ROW EXECUTE FUNCTION search_index_letter();

CREATE FUNCTION search_note_text(kind text, details jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE kind
           WHEN 'comment' THEN details->>'text'
           ELSE concat_ws(E'\n', details->>'whatWasFixed', details->>'how', details->>'prevention')
         END
$$;

CREATE FUNCTION search_index_note() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM search_index(NEW.ticket_id, CASE NEW.kind WHEN 'comment' THEN 'comment' ELSE 'resolution' END, NEW.id,
                       NEW.at, search_note_text(NEW.kind, NEW.details), 'B', NEW.actor);
  RETURN NULL;
END
$$;
CREATE TRIGGER search_index AFTER INSERT ON ticket_events
  FOR EACH ROW WHEN (NEW.kind IN ('comment', 'resolved')) EXECUTE FUNCTION search_index_note();

-- What was written before this migration. A request whose full text was never kept is searched by its summary
-- until its conversation is first read (the decoded text replaces it then).
INSERT INTO search_documents (ticket_id, source, source_id, at, body, document)
SELECT t.id, 'subject', t.id, t.received_at, t.subject, search_vector(t.subject, 'A', t.client_email, t.number)
  FROM tickets t;
INSERT INTO search_documents (ticket_id, source, source_id, at, body, document)
SELECT t.id, 'mail', m.id, m.received_at, search_body(coalesce(m.body_text, t.summary)),
       search_vector(search_body(coalesce(m.body_text, t.summary)), 'B',
                     concat_ws(' ', m.from_address, array_to_string(m.to_addresses, ' ')), t.number)
  FROM inbound_messages m
  JOIN tickets t ON t.id = coalesce(m.reply_to_ticket_id, (SELECT id FROM tickets s WHERE s.source_message_id = m.id))
 WHERE m.body_text IS NOT NULL OR t.source_message_id = m.id;
INSERT INTO search_documents (ticket_id, source, source_id, at, body, document)
SELECT l.ticket_id, 'letter', l.id, l.created_at, search_body(l.subject || E'\n\n' || l.body_text),
       search_vector(search_body(l.subject || E'\n\n' || l.body_text), 'C', array_to_string(l.recipients, ' '),
                     t.number)
  FROM letters l JOIN tickets t ON t.id = l.ticket_id;
INSERT INTO search_documents (ticket_id, source, source_id, at, body, document)
SELECT e.ticket_id, CASE e.kind WHEN 'comment' THEN 'comment' ELSE 'resolution' END, e.id, e.at,
       search_body(search_note_text(e.kind, e.details)),
       search_vector(search_body(search_note_text(e.kind, e.details)), 'B', e.actor, t.number)
  FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
 WHERE e.kind IN ('comment', 'resolved') AND search_note_text(e.kind, e.details) IS NOT NULL;
INSERT INTO search_tickets (ticket_id, document)
SELECT ticket_id, search_vector_agg(document ORDER BY id) FROM search_documents GROUP BY ticket_id;
