-- Sign-in to the staff web console: a session is a cookie whose secret only the browser holds (we keep its sha256
-- hash) with a CSRF token the console sends back on every change; a sign-in link carries a one-time code, kept
-- only as a hash too, that opens one session within minutes of being mailed.
CREATE TABLE console_sessions (
  id            bigserial PRIMARY KEY,
  staff_id      bigint NOT NULL REFERENCES staff (id),
  hash          text NOT NULL UNIQUE,
  csrf_token    text NOT NULL,          -- not a credential alone: it only proves the page is ours
  method        text NOT NULL CHECK (method IN ('token', 'link')),
  token_id      bigint REFERENCES staff_tokens (id), -- the bearer token it was opened with; its revocation ends it
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
CREATE INDEX console_sessions_live_by_staff ON console_sessions (staff_id) WHERE revoked_at IS NULL;

CREATE TABLE sign_in_links (
  id          bigserial PRIMARY KEY,
  staff_id    bigint NOT NULL REFERENCES staff (id),
  hash        text NOT NULL UNIQUE,
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
-- Counts the links mailed to a member lately, for the limit on link requests.
CREATE INDEX sign_in_links_by_staff ON sign_in_links (staff_id, created_at);
