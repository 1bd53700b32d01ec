-- Operators' security (issue 15): one-time password-reset links, the TOTP
-- second factor with its recovery codes, the short-lived step between a
-- correct password and the second factor, and the brand's rule that its
-- owners need a second factor.

-- A reset link an owner made for an operator: the link carries a token,
-- only its SHA-256 is kept. Valid until `expires_at`, once; a newer link
-- for the same operator replaces an unused older one.
CREATE TABLE operator_password_resets (
    brand_id    TEXT NOT NULL REFERENCES brands (id),
    token_hash  TEXT NOT NULL,
    operator_id TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT,
    PRIMARY KEY (brand_id, token_hash)
);
CREATE INDEX operator_password_resets_operator ON operator_password_resets (brand_id, operator_id);

-- An operator's TOTP secret (RFC 6238, base32). Unconfirmed until the
-- first code is entered; `last_step` is the last time step accepted, so a
-- code is never accepted twice.
CREATE TABLE operator_totp (
    brand_id     TEXT NOT NULL REFERENCES brands (id),
    operator_id  TEXT NOT NULL,
    secret       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    confirmed_at BIGINT,
    last_step    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, operator_id)
);

-- Recovery codes, shown once, kept as SHA-256 hashes, each usable once.
CREATE TABLE operator_recovery_codes (
    brand_id    TEXT NOT NULL REFERENCES brands (id),
    operator_id TEXT NOT NULL,
    code_hash   TEXT NOT NULL,
    used_at     BIGINT,
    PRIMARY KEY (brand_id, operator_id, code_hash)
);

-- The step between a correct password and the second factor: a token
-- (hash kept) valid a few minutes, for a few tries.
CREATE TABLE operator_login_steps (
    brand_id    TEXT NOT NULL REFERENCES brands (id),
    token_hash  TEXT NOT NULL,
    operator_id TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    attempts    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, token_hash)
);
CREATE INDEX operator_login_steps_expiry ON operator_login_steps (expires_at);

-- The brand's security rules (a row once an owner sets one).
CREATE TABLE brand_security (
    brand_id         TEXT NOT NULL REFERENCES brands (id),
    owners_need_totp BIGINT NOT NULL DEFAULT 0,
    updated_by       TEXT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (brand_id)
);

-- Expired sessions are purged by a periodic task.
CREATE INDEX sessions_expiry ON sessions (expires_at);
