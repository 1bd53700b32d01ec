-- Campaign operations (issue 5): a campaign's full fields and life cycle,
-- the outcome of each sign-up, and the member's inbox.

-- Campaigns start as drafts; publishing freezes the rule set. `min_tier`
-- keeps lower tiers out; `note_type` is `any`, `image` or `video`;
-- `products` is a JSON list of names; `signup_opens` (a date, or '' for
-- "as soon as published") starts the sign-up window. `selected_at` is set
-- when an operator confirms the selection; `selected_count` is kept with
-- every change of a sign-up's status, in the same transaction.
ALTER TABLE campaigns ADD COLUMN min_tier TEXT NOT NULL DEFAULT 'member';
ALTER TABLE campaigns ADD COLUMN note_type TEXT NOT NULL DEFAULT 'any';
ALTER TABLE campaigns ADD COLUMN products TEXT NOT NULL DEFAULT '[]';
ALTER TABLE campaigns ADD COLUMN signup_opens TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN selected_at BIGINT;
ALTER TABLE campaigns ADD COLUMN selected_count BIGINT NOT NULL DEFAULT 0;

-- A sign-up is `pending` until selection, then `selected`, `waitlisted`
-- (with its place, 1 = next in), `not_selected` (the campaign closed while
-- it waited) or `withdrawn` (by the member). `signup_count` counts every
-- sign-up that is not withdrawn.
ALTER TABLE signups ADD COLUMN status TEXT NOT NULL DEFAULT 'pending';
ALTER TABLE signups ADD COLUMN waitlist_pos BIGINT;
ALTER TABLE signups ADD COLUMN decided_at BIGINT;
CREATE INDEX signups_by_status ON signups (brand_id, campaign_id, status, waitlist_pos);

-- What happened to the member, newest first: selected, waitlisted, moved
-- up, application and note decisions, points credited. `detail` is JSON
-- with ids, titles, reasons and points; never another person's data.
CREATE TABLE notifications (
    brand_id   TEXT NOT NULL REFERENCES brands (id),
    id         TEXT NOT NULL,
    member_id  TEXT NOT NULL,
    kind       TEXT NOT NULL,
    detail     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    read_at    BIGINT,
    PRIMARY KEY (brand_id, id),
    FOREIGN KEY (brand_id, member_id) REFERENCES members (brand_id, id)
);
CREATE INDEX notifications_by_member ON notifications (brand_id, member_id, id);
