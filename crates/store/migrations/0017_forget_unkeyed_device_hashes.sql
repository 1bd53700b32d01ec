-- Device hashes written before the server secret existed were a plain
-- SHA-256 of address and browser: anyone with the table could undo them by
-- trying addresses. They are forgotten; new ones are keyed (HMAC).
UPDATE submissions SET client_hash = NULL WHERE client_hash IS NOT NULL;
