-- Bearer tokens of staff, one row per token ever issued: they expire, can be revoked and rotated at once,
-- and their last use is kept, so that who could act when is auditable. Only the sha256 hash is stored.
CREATE TABLE staff_tokens (
  id            bigserial PRIMARY KEY,
  staff_id      bigint NOT NULL REFERENCES staff (id),
  hash          text NOT NULL UNIQUE,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  revoked_at    timestamptz,
  last_used_at  timestamptz
);
CREATE INDEX staff_tokens_live_by_staff ON staff_tokens (staff_id) WHERE revoked_at IS NULL;

-- Tokens issued before tokens expired keep working for the default 90 days, then need rotating.
INSERT INTO staff_tokens (staff_id, hash, created_at, expires_at)
  SELECT id, token_hash, created_at, now() + interval '90 days' FROM staff WHERE token_hash IS NOT NULL;
-- staff.token_hash is no longer read: staff_tokens is the one record of tokens.
ALTER TABLE staff ALTER COLUMN token_hash DROP NOT NULL;
UPDATE staff SET token_hash = NULL;
