-- What each booking was made from: the estimate and the margin booked on top of it (calibrated from the
-- promise outcomes, or the fixed one), so that staff see it and the calibration learns from it.
-- NULL in bookings made before this and in bookings of the work left after waiting for a client.
ALTER TABLE bookings
  ADD COLUMN estimate_minutes integer CHECK (estimate_minutes > 0),
  ADD COLUMN margin_share double precision CHECK (margin_share >= 0);

-- The calibration reads the tickets resolved in its window, newest first.
CREATE INDEX tickets_resolved ON tickets (resolved_at) WHERE resolved_at IS NOT NULL;
