-- Issue 17 (KOS incentives): a posting's holder may be a staff member.
-- Until now every posting concerned a member (`member_id` referenced
-- members); KOS rewards pay staff members points (`staff_points`, out of
-- the brand's `staff_budget`) or cash in fen (`staff_cash`, out of
-- `staff_rewards`). The two ledger tables are rebuilt without the
-- reference to members and with the holder's kind; `member_id` keeps its
-- name and now holds the holder's id (a member's, or a staff member's when
-- `holder_kind` is 'staff'). Every existing posting is a member's. The
-- store checks what the reference checked: a posting's holder lines name
-- its holder, of its kind. SQLite cannot drop a constraint, hence the
-- rebuild (copy, drop, rename; the lines' reference follows the rename on
-- both databases).
CREATE TABLE ledger_postings_v2 (
    brand_id    TEXT NOT NULL,
    id          TEXT NOT NULL,
    -- rules::HolderKind: member | staff
    holder_kind TEXT NOT NULL,
    -- The holder the posting concerns (a member's or a staff member's id).
    member_id   TEXT NOT NULL,
    reason      TEXT NOT NULL,
    memo        TEXT NOT NULL,
    detail      TEXT NOT NULL,
    source_kind TEXT NOT NULL,
    source_id   TEXT NOT NULL,
    reverses    TEXT,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, source_kind, source_id)
);

INSERT INTO ledger_postings_v2 (brand_id, id, holder_kind, member_id, reason, memo, detail, source_kind, source_id, reverses, created_by, created_at)
SELECT brand_id, id, 'member', member_id, reason, memo, detail, source_kind, source_id, reverses, created_by, created_at
FROM ledger_postings;

CREATE TABLE ledger_lines_v2 (
    brand_id   TEXT NOT NULL,
    posting_id TEXT NOT NULL,
    line       BIGINT NOT NULL,
    -- rules::Account; a holder account's line names the holder.
    account    TEXT NOT NULL,
    member_id  TEXT NOT NULL,
    -- Points, or fen for the cash accounts (rules::Account::unit); one
    -- posting never mixes the two.
    points     BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, posting_id, line),
    FOREIGN KEY (brand_id, posting_id) REFERENCES ledger_postings_v2 (brand_id, id)
);

INSERT INTO ledger_lines_v2 (brand_id, posting_id, line, account, member_id, points, created_at)
SELECT brand_id, posting_id, line, account, member_id, points, created_at FROM ledger_lines;

DROP TABLE ledger_lines;
DROP TABLE ledger_postings;
ALTER TABLE ledger_postings_v2 RENAME TO ledger_postings;
ALTER TABLE ledger_lines_v2 RENAME TO ledger_lines;
CREATE INDEX ledger_postings_by_member ON ledger_postings (brand_id, member_id, created_at, id);
CREATE INDEX ledger_lines_by_account ON ledger_lines (brand_id, member_id, account, created_at);
