-- The knowledge base: articles in Russian or English (Markdown), each revision kept; the articles a receipt
-- suggested to a ticket, and the articles a specialist linked when resolving one (the articles that solved it).
--
-- An article is searched in its own language's configuration (russian or english), so that its words are stemmed
-- as the client who reads it writes them. Its title weighs most (A), its tags and product area next (B), its body
-- least (D); error codes and the like are exact lexemes, as in the record's search (012_search.sql: search_tokens).

CREATE FUNCTION article_configuration(language text) RETURNS regconfig LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE language WHEN 'en' THEN 'english'::regconfig ELSE 'russian'::regconfig END
$$;

CREATE FUNCTION article_document(language text, title text, tags text[], product_area text, body text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector(article_configuration(language), title), 'A')
      || setweight(to_tsvector(article_configuration(language),
                               array_to_string(tags, ' ') || ' ' || coalesce(product_area, '')), 'B')
      || setweight(to_tsvector(article_configuration(language), left(body, 100000)), 'D')
      || array_to_tsvector(search_tokens(title || ' ' || left(body, 100000)))
$$;

CREATE TABLE articles (
  id            bigserial PRIMARY KEY,
  language      text NOT NULL CHECK (language IN ('ru', 'en')),
  title         text NOT NULL,
  body          text NOT NULL,                 -- Markdown
  tags          text[] NOT NULL DEFAULT '{}',
  root_cause    text,                          -- the root cause of the problems it solves, if one
  product_area  text,
  revision      integer NOT NULL DEFAULT 1,    -- the current one; every change adds one to article_revisions
  archived_at   timestamptz,                   -- archived: never suggested nor linked; its page says so
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    text NOT NULL,
  document      tsvector NOT NULL
);
CREATE INDEX articles_document ON articles USING gin (document);
CREATE INDEX articles_tags ON articles USING gin (tags);

-- Every revision as it was saved, the current one included: the history staff read, and what a letter linked.
CREATE TABLE article_revisions (
  article_id    bigint NOT NULL REFERENCES articles (id),
  revision      integer NOT NULL,
  language      text NOT NULL,
  title         text NOT NULL,
  body          text NOT NULL,
  tags          text[] NOT NULL,
  root_cause    text,
  product_area  text,
  archived      boolean NOT NULL,
  author        text NOT NULL,
  at            timestamptz NOT NULL,
  PRIMARY KEY (article_id, revision)
);

-- The document and the revision are kept by the database, so that no writer can forget either.
CREATE FUNCTION article_index() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.document := article_document(NEW.language, NEW.title, NEW.tags, NEW.product_area, NEW.body);
  RETURN NEW;
END
$$;
CREATE TRIGGER article_index BEFORE INSERT OR UPDATE ON articles
  FOR EACH ROW EXECUTE FUNCTION article_index();

CREATE FUNCTION article_revision_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO article_revisions (article_id, revision, language, title, body, tags, root_cause, product_area,
                                 archived, author, at)
  VALUES (NEW.id, NEW.revision, NEW.language, NEW.title, NEW.body, NEW.tags, NEW.root_cause, NEW.product_area,
          NEW.archived_at IS NOT NULL, NEW.updated_by, NEW.updated_at);
  RETURN NULL;
END
$$;
CREATE TRIGGER article_revision_record AFTER INSERT OR UPDATE OF revision ON articles
  FOR EACH ROW EXECUTE FUNCTION article_revision_record();

-- The articles the receipt suggested, best first; recorded once per ticket, before the receipt is queued.
CREATE TABLE article_suggestions (
  ticket_id   bigint NOT NULL REFERENCES tickets (id),
  article_id  bigint NOT NULL REFERENCES articles (id),
  position    smallint NOT NULL,               -- 1 = best match
  score       real NOT NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ticket_id, article_id)
);
CREATE INDEX article_suggestions_article ON article_suggestions (article_id, at);
CREATE INDEX article_suggestions_at ON article_suggestions (at);

-- The articles a specialist linked when resolving: written with the `resolved` event that names them, so that a
-- retried save records them once and a reopened ticket resolved again with the same article counts once.
CREATE TABLE article_solutions (
  ticket_id   bigint NOT NULL REFERENCES tickets (id),
  article_id  bigint NOT NULL REFERENCES articles (id),
  actor       text,
  at          timestamptz NOT NULL,
  PRIMARY KEY (ticket_id, article_id)
);
CREATE INDEX article_solutions_article ON article_solutions (article_id, at);
CREATE INDEX article_solutions_at ON article_solutions (at);

CREATE FUNCTION article_solution_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO article_solutions (ticket_id, article_id, actor, at)
  SELECT NEW.ticket_id, a.id, NEW.actor, NEW.at
    FROM jsonb_array_elements_text(NEW.details->'articleIds') AS named (id)
    JOIN articles a ON a.id::text = named.id     -- an id that names no article is not a solution
  ON CONFLICT (ticket_id, article_id) DO NOTHING;
  RETURN NULL;
END
$$;
CREATE TRIGGER article_solution_record AFTER INSERT ON ticket_events
  FOR EACH ROW WHEN (NEW.kind = 'resolved' AND jsonb_typeof(NEW.details->'articleIds') = 'array')
  EXECUTE FUNCTION article_solution_record();
