-- Idempotency keys: a retried write with the same key gets the first
-- answer and writes nothing new. Scoped to brand, caller and route; the
-- brand leads the key like every brand-owned table. `status` is 0 while
-- the first request is still running.
CREATE TABLE idempotency_keys (
    brand_id     TEXT NOT NULL,
    caller       TEXT NOT NULL,
    route        TEXT NOT NULL,
    idem_key     TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status       BIGINT NOT NULL,
    body         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (brand_id, caller, route, idem_key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (brand_id, caller, created_at);
