-- The scheduler's fairness tie-break counts each specialist's recent bookings: without this index
-- it read the whole table once per specialist (p95 78 ms a booking with 10,000 bookings; 20 ms target).
CREATE INDEX bookings_recent_by_staff ON bookings (staff_id, created_at);
