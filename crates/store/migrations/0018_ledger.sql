-- Issue 16: the points ledger becomes double-entry. A posting (the old
-- ledger entry's header: reason, memo, detail, source) moves points
-- between accounts in lines that sum to zero; a member's balance is the
-- sum of their account's lines, and point_balances keeps that sum in the
-- posting's own transaction so a balance is one row to read. Nothing is
-- edited: a correction is a reversing posting (`reverses`).
CREATE TABLE ledger_postings (
    brand_id    TEXT NOT NULL,
    id          TEXT NOT NULL,
    -- The member the posting concerns.
    member_id   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    memo        TEXT NOT NULL,
    -- JSON: what the points are for (a note's rules::PointsBreakdown, …).
    detail      TEXT NOT NULL,
    -- The posting's idempotency key: a source is posted once.
    source_kind TEXT NOT NULL,
    source_id   TEXT NOT NULL,
    reverses    TEXT,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, source_kind, source_id),
    FOREIGN KEY (brand_id, member_id) REFERENCES members (brand_id, id)
);
CREATE INDEX ledger_postings_by_member ON ledger_postings (brand_id, member_id, created_at, id);

CREATE TABLE ledger_lines (
    brand_id   TEXT NOT NULL,
    posting_id TEXT NOT NULL,
    line       BIGINT NOT NULL,
    -- rules::Account: budget, expired, redeemed, checkout (the brand's;
    -- member_id ''), available, held (a member's).
    account    TEXT NOT NULL,
    member_id  TEXT NOT NULL,
    points     BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, posting_id, line),
    FOREIGN KEY (brand_id, posting_id) REFERENCES ledger_postings (brand_id, id)
);
CREATE INDEX ledger_lines_by_account ON ledger_lines (brand_id, member_id, account, created_at);

CREATE TABLE point_balances (
    brand_id   TEXT NOT NULL,
    member_id  TEXT NOT NULL,
    account    TEXT NOT NULL,
    balance    BIGINT NOT NULL,
    PRIMARY KEY (brand_id, member_id, account)
);
CREATE INDEX point_balances_by_size ON point_balances (brand_id, account, balance);

-- A brand's points policy; no row: the defaults (100 points to one yuan,
-- points never expire, at most 30 % of an order paid in points).
CREATE TABLE points_policies (
    brand_id             TEXT NOT NULL PRIMARY KEY,
    points_per_yuan      BIGINT NOT NULL,
    expiry_months        BIGINT NOT NULL,
    checkout_max_percent BIGINT NOT NULL,
    updated_by           TEXT NOT NULL,
    updated_at           BIGINT NOT NULL
);

-- Every existing entry becomes a posting from the brand's budget to the
-- member's available points, keeping its id, source and time.
INSERT INTO ledger_postings (brand_id, id, member_id, reason, memo, detail, source_kind, source_id, reverses, created_by, created_at)
SELECT brand_id, id, member_id, reason, memo, detail, source_kind, source_id, NULL, 'system', created_at
FROM ledger_entries;

INSERT INTO ledger_lines (brand_id, posting_id, line, account, member_id, points, created_at)
SELECT brand_id, id, 0, 'budget', '', -points, created_at FROM ledger_entries;

INSERT INTO ledger_lines (brand_id, posting_id, line, account, member_id, points, created_at)
SELECT brand_id, id, 1, 'available', member_id, points, created_at FROM ledger_entries;

INSERT INTO point_balances (brand_id, member_id, account, balance)
SELECT brand_id, member_id, account, SUM(points) FROM ledger_lines
GROUP BY brand_id, member_id, account;

DROP INDEX ledger_by_member;
DROP TABLE ledger_entries;
