-- Points as cash at the brand's checkout (issue 16): the brand's API keys
-- for the signed server-to-server API, the signatures seen (replays are
-- refused), members' one-time payment codes and the till's holds.

-- A brand's API key. `id` is public (`{brand}.{16 hex}`, sent with every
-- call). The secret is never stored: it is derived on demand as an HMAC
-- of the server's secret over the brand, the id and this row's `salt`,
-- so the server can verify an HMAC signature without a stored secret a
-- leaked database would give away; `secret_check` (SHA-256 of the secret)
-- proves the derivation still gives the secret that was shown.
CREATE TABLE api_keys (
    brand_id     TEXT NOT NULL REFERENCES brands (id),
    id           TEXT NOT NULL,
    label        TEXT NOT NULL,
    salt         TEXT NOT NULL,
    secret_check TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_by   TEXT,
    revoked_at   BIGINT,
    PRIMARY KEY (brand_id, id)
);

-- Signatures accepted, kept past the timestamp window (then purged): the
-- same signed request twice is a replay.
CREATE TABLE api_signatures (
    brand_id  TEXT NOT NULL REFERENCES brands (id),
    signature TEXT NOT NULL,
    key_id    TEXT NOT NULL,
    seen_at   BIGINT NOT NULL,
    PRIMARY KEY (brand_id, signature)
);
CREATE INDEX api_signatures_seen ON api_signatures (seen_at);

-- A member's live payment code (one per member: a new one replaces it).
-- Only a hash of the code is kept; `used_at` once a till held points with it.
CREATE TABLE payment_codes (
    brand_id   TEXT NOT NULL REFERENCES brands (id),
    member_id  TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    PRIMARY KEY (brand_id, member_id),
    UNIQUE (brand_id, code_hash)
);
CREATE INDEX payment_codes_expiry ON payment_codes (expires_at);

-- Points held against a till's order: `held` until captured, released
-- (by the till or the time-out at `expires_at`), then a captured hold may
-- be refunded. Every move is a ledger posting whose source is the hold.
CREATE TABLE checkout_holds (
    brand_id     TEXT NOT NULL REFERENCES brands (id),
    id           TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    key_id       TEXT NOT NULL,
    order_ref    TEXT NOT NULL,
    order_fen    BIGINT NOT NULL,
    points       BIGINT NOT NULL,
    discount_fen BIGINT NOT NULL,
    status       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    settled_at   BIGINT,
    refunded_at  BIGINT,
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX checkout_holds_member ON checkout_holds (brand_id, member_id, created_at);
CREATE INDEX checkout_holds_open ON checkout_holds (status, expires_at);
