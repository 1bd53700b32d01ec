-- Operators invited by the owner, and the mail outbox (issue 5).

-- An invitation to join a brand as an operator: the link carries a token,
-- only its SHA-256 is kept. Valid until `expires_at`, once.
CREATE TABLE operator_invites (
    brand_id    TEXT NOT NULL REFERENCES brands (id),
    token_hash  TEXT NOT NULL,
    email       TEXT NOT NULL,
    role        TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    accepted_at BIGINT,
    PRIMARY KEY (brand_id, token_hash)
);

-- Mail to send, written in the transaction of what it announces, so a
-- failing mail server loses nothing: a worker sends, retries (5 times at
-- most) and records the last error. The body is blanked once sent.
CREATE TABLE outbox (
    brand_id   TEXT NOT NULL REFERENCES brands (id),
    id         TEXT NOT NULL,
    to_addr    TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at    BIGINT,
    attempts   BIGINT NOT NULL DEFAULT 0,
    last_error TEXT,
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX outbox_unsent ON outbox (sent_at, attempts, created_at);
