-- SMS codes for members (sign-up, log-in, password reset), the send
-- limits that keep them cheap, the SMS outbox, and the lease that lets
-- only one server process send a mail or an SMS (issue 15).

-- One live code per phone and purpose: a new send replaces the old one.
-- Only a hash of the code is kept; `tries` counts guesses (5 at most),
-- `used_at` is set by the one guess that matched.
CREATE TABLE sms_codes (
    brand_id   TEXT NOT NULL REFERENCES brands (id),
    phone      TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    code_hash  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    tries      BIGINT NOT NULL DEFAULT 0,
    used_at    BIGINT,
    PRIMARY KEY (brand_id, phone, purpose)
);
CREATE INDEX sms_codes_expiry ON sms_codes (expires_at);

-- Send counters, one row per key (`phone:<normalised phone>` or
-- `client:<client hash>`): sends on `day` (UTC days since the epoch) and
-- the last send. Updating the row locks it, so two parallel sends for one
-- key are counted one after the other.
CREATE TABLE sms_limits (
    brand_id TEXT NOT NULL REFERENCES brands (id),
    key      TEXT NOT NULL,
    day      BIGINT NOT NULL,
    sends    BIGINT NOT NULL,
    last_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, key)
);

-- Text messages to send, written with the code they carry; the body
-- (which holds the code) is blanked once sent. `claim`/`claimed_until`:
-- the sender that leased the row, and until when.
CREATE TABLE sms_outbox (
    brand_id      TEXT NOT NULL REFERENCES brands (id),
    id            TEXT NOT NULL,
    phone         TEXT NOT NULL,
    template      TEXT NOT NULL,
    code          TEXT NOT NULL,
    body          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    sent_at       BIGINT,
    attempts      BIGINT NOT NULL DEFAULT 0,
    last_error    TEXT,
    claim         TEXT,
    claimed_until BIGINT,
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX sms_outbox_unsent ON sms_outbox (sent_at, attempts, created_at);

-- The mail outbox takes the same lease.
ALTER TABLE outbox ADD COLUMN claim TEXT;
ALTER TABLE outbox ADD COLUMN claimed_until BIGINT;
