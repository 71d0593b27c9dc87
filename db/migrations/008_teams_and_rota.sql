-- Teams group specialists for workload views; the on-call rota says who is paged for an emergency when.

ALTER TABLE staff ADD COLUMN team text;

CREATE TABLE on_call_shifts (
  id         bigserial PRIMARY KEY,
  staff_id   bigint NOT NULL REFERENCES staff (id),
  starts_at  timestamptz NOT NULL,
  ends_at    timestamptz NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX on_call_shifts_by_time ON on_call_shifts (ends_at, starts_at);
