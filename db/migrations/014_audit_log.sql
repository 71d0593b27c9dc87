-- Who did what through the API, and when: every staff change, token issue or revocation and failed
-- authentication, with its outcome. Rows are only ever added.
CREATE TABLE audit_log (
  id              bigserial PRIMARY KEY,
  at              timestamptz NOT NULL DEFAULT now(),
  staff_id        bigint REFERENCES staff (id),
  actor_email     text,                -- kept as it was then; null when nobody was recognised
  action          text NOT NULL,       -- e.g. triage, token_issued, authentication_failed, PATCH /api/specialists/:id
  method          text,                -- null for what the command line did
  route           text,                -- the route pattern, or the path when no route matched
  ticket_number   text,
  changes         jsonb,               -- the request body without secrets
  status          integer,
  remote_address  text,
  user_agent      text
);
CREATE INDEX audit_log_by_actor ON audit_log (actor_email, id);
CREATE INDEX audit_log_by_ticket ON audit_log (ticket_number, id) WHERE ticket_number IS NOT NULL;
CREATE INDEX audit_log_by_time ON audit_log (at);
