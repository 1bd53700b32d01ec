-- Seedbed schema, first version.
-- Every brand-owned table carries brand_id first in its primary key, so a
-- large PostgreSQL installation can distribute by brand_id (Citus) without
-- rewriting migrations. Times are UNIX seconds (UTC); calendar dates are
-- YYYY-MM-DD text in the brand's zone; JSON lists are TEXT.

CREATE TABLE brands (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    time_zone   TEXT NOT NULL DEFAULT 'Asia/Shanghai',
    points_rule TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE operators (
    brand_id      TEXT NOT NULL REFERENCES brands (id),
    id            TEXT NOT NULL,
    email         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, email)
);
CREATE INDEX operators_by_email ON operators (email);

CREATE TABLE members (
    brand_id      TEXT NOT NULL REFERENCES brands (id),
    id            TEXT NOT NULL,
    phone         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, phone)
);

-- Sessions are looked up by token alone: a small local table, not sharded.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    brand_id   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE applications (
    brand_id        TEXT NOT NULL,
    id              TEXT NOT NULL,
    member_id       TEXT NOT NULL,
    display_name    TEXT NOT NULL,
    contact         TEXT NOT NULL,
    city            TEXT NOT NULL,
    social_accounts TEXT NOT NULL,
    interests       TEXT NOT NULL,
    motivation      TEXT NOT NULL,
    terms_version   TEXT NOT NULL,
    consented_at    BIGINT NOT NULL,
    status          TEXT NOT NULL,
    reason          TEXT,
    created_at      BIGINT NOT NULL,
    decided_at      BIGINT,
    decided_by      TEXT,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, member_id),
    FOREIGN KEY (brand_id, member_id) REFERENCES members (brand_id, id)
);
CREATE INDEX applications_queue ON applications (brand_id, status, created_at);

CREATE TABLE themes (
    brand_id    TEXT NOT NULL REFERENCES brands (id),
    id          TEXT NOT NULL,
    month       TEXT NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, month)
);

CREATE TABLE campaigns (
    brand_id        TEXT NOT NULL,
    id              TEXT NOT NULL,
    theme_id        TEXT NOT NULL,
    title           TEXT NOT NULL,
    brief           TEXT NOT NULL,
    hashtags        TEXT NOT NULL,
    platforms       TEXT NOT NULL,
    slots           BIGINT NOT NULL,
    signup_closes   TEXT NOT NULL,
    publish_by      TEXT NOT NULL,
    settlement_date TEXT NOT NULL,
    points_rule     TEXT NOT NULL,
    status          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    FOREIGN KEY (brand_id, theme_id) REFERENCES themes (brand_id, id)
);
CREATE INDEX campaigns_by_theme ON campaigns (brand_id, theme_id, created_at);

CREATE TABLE signups (
    brand_id    TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, campaign_id, member_id),
    FOREIGN KEY (brand_id, campaign_id) REFERENCES campaigns (brand_id, id),
    FOREIGN KEY (brand_id, member_id) REFERENCES members (brand_id, id)
);
CREATE INDEX signups_by_member ON signups (brand_id, member_id);

CREATE TABLE submissions (
    brand_id             TEXT NOT NULL,
    id                   TEXT NOT NULL,
    campaign_id          TEXT NOT NULL,
    member_id            TEXT NOT NULL,
    platform             TEXT NOT NULL,
    note_id              TEXT NOT NULL,
    canonical_url        TEXT NOT NULL,
    original_url         TEXT NOT NULL,
    status               TEXT NOT NULL,
    reason               TEXT,
    created_at           BIGINT NOT NULL,
    reviewed_at          BIGINT,
    reviewed_by          TEXT,
    settled_points       BIGINT,
    settled_interactions BIGINT,
    PRIMARY KEY (brand_id, id),
    -- The duplicate rule: one note once per brand, across members and campaigns.
    UNIQUE (brand_id, platform, note_id),
    FOREIGN KEY (brand_id, campaign_id) REFERENCES campaigns (brand_id, id),
    FOREIGN KEY (brand_id, member_id) REFERENCES members (brand_id, id)
);
CREATE INDEX submissions_by_campaign ON submissions (brand_id, campaign_id, status);
CREATE INDEX submissions_by_member ON submissions (brand_id, member_id, created_at);
CREATE INDEX submissions_queue ON submissions (brand_id, status, created_at);

CREATE TABLE metric_snapshots (
    brand_id      TEXT NOT NULL,
    submission_id TEXT NOT NULL,
    snapshot_date TEXT NOT NULL,
    likes         BIGINT NOT NULL,
    comments      BIGINT NOT NULL,
    saves         BIGINT NOT NULL,
    recorded_at   BIGINT NOT NULL,
    recorded_by   TEXT NOT NULL,
    PRIMARY KEY (brand_id, submission_id, snapshot_date),
    FOREIGN KEY (brand_id, submission_id) REFERENCES submissions (brand_id, id)
);

-- Append-only: balance = SUM(points). The unique source key makes every
-- crediting idempotent (settling twice credits once).
CREATE TABLE ledger_entries (
    brand_id    TEXT NOT NULL,
    id          TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    points      BIGINT NOT NULL,
    reason      TEXT NOT NULL,
    memo        TEXT NOT NULL,
    -- JSON: what the points are for, line by line (rules::PointsBreakdown).
    detail      TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    source_id   TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, source_kind, source_id),
    FOREIGN KEY (brand_id, member_id) REFERENCES members (brand_id, id)
);
CREATE INDEX ledger_by_member ON ledger_entries (brand_id, member_id, created_at);

CREATE TABLE settlements (
    brand_id     TEXT NOT NULL,
    campaign_id  TEXT NOT NULL,
    notes        BIGINT NOT NULL,
    points_total BIGINT NOT NULL,
    settled_at   BIGINT NOT NULL,
    settled_by   TEXT NOT NULL,
    PRIMARY KEY (brand_id, campaign_id),
    FOREIGN KEY (brand_id, campaign_id) REFERENCES campaigns (brand_id, id)
);
