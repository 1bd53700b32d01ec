-- Rewards and redemption (issue 16).

-- The brand's catalogue. `kind`: `coupon` (a code from `reward_codes`, or
-- `shared_code` for everyone), `voucher` (a checkout voucher worth
-- `voucher_fen`), `gift` (shipped like samples) or `experience` (an event
-- at `event_at`, `venue`; `stock` is its seats). `stock` is what is left:
-- a redemption takes one in its transaction (`stock > 0` in the UPDATE),
-- a cancellation gives it back (a pool code once shown is not reused).
-- `min_class` is a `rules::MemberClass` name or NULL; `per_member_limit`
-- 0 = none; `starts_at`/`ends_at` UNIX seconds or NULL; `image_id` an
-- operator upload served publicly with the item.
CREATE TABLE reward_items (
    brand_id         TEXT NOT NULL REFERENCES brands (id),
    id               TEXT NOT NULL,
    kind             TEXT NOT NULL,
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    image_id         TEXT,
    price            BIGINT NOT NULL,
    stock            BIGINT NOT NULL,
    min_tier         TEXT NOT NULL DEFAULT 'member',
    min_class        TEXT,
    per_member_limit BIGINT NOT NULL DEFAULT 0,
    starts_at        BIGINT,
    ends_at          BIGINT,
    shared_code      TEXT,
    voucher_fen      BIGINT NOT NULL DEFAULT 0,
    event_at         BIGINT,
    venue            TEXT NOT NULL DEFAULT '',
    active           BIGINT NOT NULL DEFAULT 1,
    created_at       BIGINT NOT NULL,
    created_by       TEXT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    CHECK (stock >= 0),
    CHECK (price > 0)
);
CREATE INDEX reward_items_by_created ON reward_items (brand_id, created_at, id);

-- A coupon item's pool of codes, each given to at most one redemption.
CREATE TABLE reward_codes (
    brand_id      TEXT NOT NULL,
    item_id       TEXT NOT NULL,
    code          TEXT NOT NULL,
    redemption_id TEXT,
    added_at      BIGINT NOT NULL,
    PRIMARY KEY (brand_id, item_id, code),
    FOREIGN KEY (brand_id, item_id) REFERENCES reward_items (brand_id, id)
);
CREATE INDEX reward_codes_free ON reward_codes (brand_id, item_id, redemption_id, code);

-- One redemption: the points taken (`posting_id`, the ledger posting
-- Available -> Redeemed, reversed on cancellation), the code given
-- (a secret: shown to the member, masked to operators), and for gifts the
-- shipping details (personal data: blanked when the member is erased).
CREATE TABLE redemptions (
    brand_id      TEXT NOT NULL,
    id            TEXT NOT NULL,
    item_id       TEXT NOT NULL,
    member_id     TEXT NOT NULL,
    points        BIGINT NOT NULL,
    status        TEXT NOT NULL,
    code          TEXT,
    recipient     TEXT,
    phone         TEXT,
    address       TEXT,
    courier       TEXT,
    tracking      TEXT,
    posting_id    TEXT,
    reason        TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    updated_by    TEXT,
    PRIMARY KEY (brand_id, id),
    FOREIGN KEY (brand_id, item_id) REFERENCES reward_items (brand_id, id),
    FOREIGN KEY (brand_id, member_id) REFERENCES members (brand_id, id)
);
CREATE INDEX redemptions_by_member ON redemptions (brand_id, member_id, item_id, status);
CREATE INDEX redemptions_by_status ON redemptions (brand_id, status, created_at, id);
CREATE INDEX redemptions_by_created ON redemptions (brand_id, created_at, id);
