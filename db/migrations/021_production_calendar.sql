-- The production calendar as data staff maintain: for each country ('ru') or region ('ru-ta' Tatarstan, ISO 3166-2)
-- and year, the days that differ from the plain working week. A region's days lie over its country's. Seeded with the
-- 2026–2027 days the code shipped (domain/productionCalendarRu.ts, whose header says what was and was not verified),
-- so nothing changes until an admin loads a year or corrects a day through the API.
CREATE TABLE production_calendar_years (
  region     text NOT NULL CHECK (region ~ '^[a-z]{2}(-[a-z0-9]{1,3})?$'),
  year       int NOT NULL CHECK (year BETWEEN 1991 AND 2200),
  source     text NOT NULL, -- where the days came from: a file and its date, the API, the code
  loaded_at  timestamptz NOT NULL DEFAULT now(),
  loaded_by  text, -- the staff member's email; null: shipped with the code
  PRIMARY KEY (region, year)
);

CREATE TABLE production_calendar_days (
  region      text NOT NULL,
  day         date NOT NULL,
  year        int GENERATED ALWAYS AS (extract(year FROM day)::int) STORED,
  kind        text NOT NULL CHECK (kind IN ('holiday', 'day-off', 'working', 'shortened')),
  title       text, -- the holiday's name
  transfer    date, -- the other date of a transfer (the day off moved from or to it)
  changed_at  timestamptz NOT NULL DEFAULT now(),
  changed_by  text,
  PRIMARY KEY (region, day),
  FOREIGN KEY (region, year) REFERENCES production_calendar_years ON DELETE CASCADE,
  CHECK (kind <> 'working' OR extract(isodow FROM day) IN (6, 7))
);

-- Bumped in the transaction of every change, so that each process sees a change as soon as it is committed and
-- rebuilds its cached calendars (platform/calendars.ts): a row, not a sequence, whose value would show before commit.
CREATE TABLE production_calendar_revision (
  only_row  boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  revision  bigint NOT NULL
);
INSERT INTO production_calendar_revision (revision) VALUES (1);

-- A specialist's region: its holidays are days off in their calendar besides the country's. Null: the country's only.
ALTER TABLE staff ADD COLUMN region text CHECK (region ~ '^[a-z]{2}(-[a-z0-9]{1,3})?$');

INSERT INTO production_calendar_years (region, year, source) VALUES
  ('ru', 2026, 'shipped with the code: Government decree of 24.09.2025 No. 1466, checked against TASS and RIA'),
  ('ru', 2027, 'shipped with the code: decree of 17.09.2026 No. 1187 NOT verified against its text; load the official year');

INSERT INTO production_calendar_days (region, day, kind, title, transfer) VALUES
  ('ru', '2026-01-01', 'holiday', 'Новогодние каникулы', NULL),
  ('ru', '2026-01-02', 'holiday', 'Новогодние каникулы', NULL),
  ('ru', '2026-01-03', 'holiday', 'Новогодние каникулы', NULL),
  ('ru', '2026-01-04', 'holiday', 'Новогодние каникулы', NULL),
  ('ru', '2026-01-05', 'holiday', 'Новогодние каникулы', NULL),
  ('ru', '2026-01-06', 'holiday', 'Новогодние каникулы', NULL),
  ('ru', '2026-01-07', 'holiday', 'Рождество Христово', NULL),
  ('ru', '2026-01-08', 'holiday', 'Новогодние каникулы', NULL),
  ('ru', '2026-01-09', 'day-off', NULL, '2026-01-03'),
  ('ru', '2026-02-23', 'holiday', 'День защитника Отечества', NULL),
  ('ru', '2026-03-08', 'holiday', 'Международный женский день', NULL),
  ('ru', '2026-03-09', 'day-off', NULL, '2026-03-08'),
  ('ru', '2026-04-30', 'shortened', NULL, NULL),
  ('ru', '2026-05-01', 'holiday', 'Праздник Весны и Труда', NULL),
  ('ru', '2026-05-08', 'shortened', NULL, NULL),
  ('ru', '2026-05-09', 'holiday', 'День Победы', NULL),
  ('ru', '2026-05-11', 'day-off', NULL, '2026-05-09'),
  ('ru', '2026-06-11', 'shortened', NULL, NULL),
  ('ru', '2026-06-12', 'holiday', 'День России', NULL),
  ('ru', '2026-11-03', 'shortened', NULL, NULL),
  ('ru', '2026-11-04', 'holiday', 'День народного единства', NULL),
  ('ru', '2026-12-31', 'day-off', NULL, '2026-01-04'),
  ('ru', '2027-01-01', 'holiday', 'Новогодние каникулы', NULL),
  ('ru', '2027-01-02', 'holiday', 'Новогодние каникулы', NULL),
  ('ru', '2027-01-03', 'holiday', 'Новогодние каникулы', NULL),
  ('ru', '2027-01-04', 'holiday', 'Новогодние каникулы', NULL),
  ('ru', '2027-01-05', 'holiday', 'Новогодние каникулы', NULL),
  ('ru', '2027-01-06', 'holiday', 'Новогодние каникулы', NULL),
  ('ru', '2027-01-07', 'holiday', 'Рождество Христово', NULL),
  ('ru', '2027-01-08', 'holiday', 'Новогодние каникулы', NULL),
  ('ru', '2027-02-20', 'shortened', NULL, '2027-02-22'),
  ('ru', '2027-02-22', 'day-off', NULL, '2027-02-20'),
  ('ru', '2027-02-23', 'holiday', 'День защитника Отечества', NULL),
  ('ru', '2027-03-08', 'holiday', 'Международный женский день', NULL),
  ('ru', '2027-04-30', 'shortened', NULL, NULL),
  ('ru', '2027-05-01', 'holiday', 'Праздник Весны и Труда', NULL),
  ('ru', '2027-05-03', 'day-off', NULL, '2027-05-01'),
  ('ru', '2027-05-09', 'holiday', 'День Победы', NULL),
  ('ru', '2027-05-10', 'day-off', NULL, '2027-05-09'),
  ('ru', '2027-06-11', 'shortened', NULL, NULL),
  ('ru', '2027-06-12', 'holiday', 'День России', NULL),
  ('ru', '2027-06-14', 'day-off', NULL, '2027-06-12'),
  ('ru', '2027-11-03', 'shortened', NULL, NULL),
  ('ru', '2027-11-04', 'holiday', 'День народного единства', NULL),
  ('ru', '2027-11-05', 'day-off', NULL, '2027-01-02'),
  ('ru', '2027-12-31', 'day-off', NULL, '2027-01-03');
