-- A step the ticket's workflow could not carry out even after its retries: shown to staff until resolved by hand.
ALTER TABLE tickets ADD COLUMN failure jsonb;
