-- Suspicious-pattern flags on notes (issue 5): which device a note came
-- from, as SHA-256 of the client's address and browser (never the address
-- itself), so notes from one device under several accounts can be flagged.
ALTER TABLE submissions ADD COLUMN client_hash TEXT;
CREATE INDEX submissions_by_client ON submissions (brand_id, client_hash);
