-- The KOS account matrix, "1 + X + N" (issue 17: content).

-- An account the brand owns as an asset, held by the brand (owner_level
-- `brand`, owner_id ''), a region, a store or a staff member
-- (`rules::AccountOwnerLevel`; owner_id a kos_regions, kos_stores or
-- kos_staff id of the brand), on one platform (`rules::KosPlatform`).
-- `handle` is the account's name on the platform as staff type it (its
-- lookups use the trimmed, lower-cased `handle_key`); `profile_url` the
-- canonical link checked by `rules::kos_content::profile_url`, '' when none.
-- `followers` and `followers_on` are the latest count of
-- `kos_account_followers`. There is no password column and never will be:
-- the brand keeps handles and ownership, not social-platform secrets.
-- Scope (store, region) is found through the owner's row, never copied
-- here, so a staff member's move needs no update of their accounts.
CREATE TABLE kos_accounts (
    brand_id     TEXT NOT NULL REFERENCES brands (id),
    id           TEXT NOT NULL,
    owner_level  TEXT NOT NULL,
    owner_id     TEXT NOT NULL DEFAULT '',
    platform     TEXT NOT NULL,
    handle       TEXT NOT NULL,
    handle_key   TEXT NOT NULL,
    profile_url  TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    followers    BIGINT NOT NULL DEFAULT 0,
    followers_on TEXT,
    created_at   BIGINT NOT NULL,
    created_by   TEXT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, platform, handle_key),
    CHECK (followers >= 0)
);
-- The matrix groups by (owner_level, platform) within an owner set; the
-- owner's list ("my accounts") and the hand-over read by owner.
CREATE INDEX kos_accounts_by_owner ON kos_accounts (brand_id, owner_level, owner_id, platform);
CREATE INDEX kos_accounts_by_platform ON kos_accounts (brand_id, platform, owner_level, status);

-- Dated follower counts: one per account and day (a second count the
-- same day replaces the first).
CREATE TABLE kos_account_followers (
    brand_id    TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    followers   BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (brand_id, account_id, on_date),
    FOREIGN KEY (brand_id, account_id) REFERENCES kos_accounts (brand_id, id),
    CHECK (followers >= 0)
);

-- Each change of an account's holder, dated, with who decided (an
-- operator, a manager, or the leaving hand-over's operator) and why.
CREATE TABLE kos_account_handovers (
    brand_id    TEXT NOT NULL,
    id          TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    from_level  TEXT NOT NULL,
    from_id     TEXT NOT NULL,
    to_level    TEXT NOT NULL,
    to_id       TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    decided_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    FOREIGN KEY (brand_id, account_id) REFERENCES kos_accounts (brand_id, id)
);
CREATE INDEX kos_account_handovers_by_account ON kos_account_handovers (brand_id, account_id, id);
