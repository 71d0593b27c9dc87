-- Urgency orders each specialist's queue (emergency, then high, then normal); specialists may have
-- their own weekly hours; the head of support is a role of its own.

ALTER TABLE bookings ADD COLUMN urgency text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'high', 'emergency'));

ALTER TABLE staff ADD COLUMN weekly_hours jsonb; -- {"1": [{"start": "10:00", "end": "19:00"}], ...}; NULL: the company's

ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check CHECK (role IN ('specialist', 'lead', 'head', 'admin'));
