-- The roster (issue 16): tiers and classes in the product, kinds of KOC,
-- group invitations, and what the roster page filters on.
--
-- members.tier is the member's current tier (the last tier_changes row's
-- to_tier), kept in the transaction that appends the change, so the
-- roster filters and pages on a column. members.class is the class that
-- counts (the override when there is one, else the computed class; NULL
-- until the first settlement or override), class_computed and
-- class_detail (JSON of rules::Classification with the facts it came
-- from) what settlement last computed, class_override the operator's
-- class (kept until removed). kind_domain (`public`/`private`) and
-- kind_origin (`brand_lover`/`incubated`/`partner_creator`) are the kinds
-- of KOC, set at approval and editable.
ALTER TABLE members ADD COLUMN tier TEXT NOT NULL DEFAULT 'member';
ALTER TABLE members ADD COLUMN class TEXT;
ALTER TABLE members ADD COLUMN class_computed TEXT;
ALTER TABLE members ADD COLUMN class_detail TEXT;
ALTER TABLE members ADD COLUMN class_at BIGINT;
ALTER TABLE members ADD COLUMN class_override TEXT;
ALTER TABLE members ADD COLUMN kind_domain TEXT NOT NULL DEFAULT 'public';
ALTER TABLE members ADD COLUMN kind_origin TEXT NOT NULL DEFAULT 'incubated';
UPDATE members SET tier = (SELECT t.to_tier FROM tier_changes t
    WHERE t.brand_id = members.brand_id AND t.member_id = members.id ORDER BY t.seq DESC LIMIT 1)
  WHERE EXISTS (SELECT 1 FROM tier_changes t WHERE t.brand_id = members.brand_id AND t.member_id = members.id);
CREATE INDEX members_by_tier ON members (brand_id, tier);
CREATE INDEX members_by_class ON members (brand_id, class);
CREATE INDEX applications_by_decision ON applications (brand_id, status, decided_at, member_id);

-- Every class override and its removal (class NULL), with the reason.
CREATE TABLE class_overrides (
    brand_id   TEXT NOT NULL,
    id         TEXT NOT NULL,
    member_id  TEXT NOT NULL,
    class      TEXT,
    reason     TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    FOREIGN KEY (brand_id, member_id) REFERENCES members (brand_id, id)
);
CREATE INDEX class_overrides_by_member ON class_overrides (brand_id, member_id, created_at);

-- A group the brand invites qualifying members to (a WeChat group link or
-- the address its QR code holds), for members of at least min_tier and
-- min_class (NULL: any).
CREATE TABLE group_links (
    brand_id   TEXT NOT NULL REFERENCES brands (id),
    id         TEXT NOT NULL,
    title      TEXT NOT NULL,
    url        TEXT NOT NULL,
    min_tier   TEXT,
    min_class  TEXT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id)
);

-- One demotion warning per member and month (`YYYY-MM`), so the monthly
-- job and settlement never tell a member twice in a month.
CREATE TABLE demotion_warnings (
    brand_id   TEXT NOT NULL,
    member_id  TEXT NOT NULL,
    month      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, member_id, month),
    FOREIGN KEY (brand_id, member_id) REFERENCES members (brand_id, id)
);
