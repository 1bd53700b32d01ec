-- KOS leads (issue 17: leads): people a staff member reached on a public
-- platform or in the store, on their way to the staff member's private
-- account and on to the brand (rules::words::LeadStage), with the brand's
-- tag dictionary, each staff member's personal tags, the on-duty flag and
-- the store live code's turn.
--
-- A lead always belongs to one staff member and one store. Its contact
-- (phone, normalised with rules::Phone, or '' when only a handle is known;
-- handle: a nickname or WeChat ID) is personal data: blanked when the lead
-- is erased (erased_at set; stage and dates stay for the funnels) or when
-- a member with that phone erases their account. One lead per phone per
-- brand (the partial unique index), so a second scan or a colleague's add
-- finds the lead that is there.
-- source_note_id and template_id name the content area's kos_notes and
-- templates (no foreign key: those tables arrive in another migration).
CREATE TABLE kos_leads (
    brand_id        TEXT NOT NULL,
    id              TEXT NOT NULL,
    staff_id        TEXT NOT NULL,
    store_id        TEXT NOT NULL,
    source          TEXT NOT NULL,
    source_platform TEXT NOT NULL DEFAULT '',
    source_note_id  TEXT,
    template_id     TEXT,
    handle          TEXT NOT NULL DEFAULT '',
    phone           TEXT NOT NULL DEFAULT '',
    consent         BIGINT NOT NULL DEFAULT 0,
    consent_at      BIGINT,
    stage           TEXT NOT NULL,
    stage_at        BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    erased_at       BIGINT,
    PRIMARY KEY (brand_id, id),
    FOREIGN KEY (brand_id, staff_id) REFERENCES kos_staff (brand_id, id),
    FOREIGN KEY (brand_id, store_id) REFERENCES kos_stores (brand_id, id)
);
CREATE UNIQUE INDEX kos_leads_by_phone ON kos_leads (brand_id, phone) WHERE phone <> '';
-- A staff member's list (newest first), a store's funnel and scope, the
-- brand's list and cohort (created in a period).
CREATE INDEX kos_leads_by_staff ON kos_leads (brand_id, staff_id, created_at);
CREATE INDEX kos_leads_by_store ON kos_leads (brand_id, store_id, stage, created_at);
CREATE INDEX kos_leads_by_created ON kos_leads (brand_id, created_at);

-- Every stage a lead reached, dated and attributed (actor_kind `staff`,
-- `operator` or `system` for a walk-in's own scan); amount_fen on
-- purchases. The first row (from_stage NULL) is the lead's arrival.
CREATE TABLE kos_lead_events (
    brand_id   TEXT NOT NULL,
    id         TEXT NOT NULL,
    lead_id    TEXT NOT NULL,
    from_stage TEXT,
    to_stage   TEXT NOT NULL,
    actor_kind TEXT NOT NULL,
    actor_id   TEXT NOT NULL,
    at         BIGINT NOT NULL,
    amount_fen BIGINT,
    PRIMARY KEY (brand_id, id),
    FOREIGN KEY (brand_id, lead_id) REFERENCES kos_leads (brand_id, id)
);
CREATE INDEX kos_lead_events_by_lead ON kos_lead_events (brand_id, lead_id, at);
CREATE INDEX kos_lead_events_by_stage ON kos_lead_events (brand_id, to_stage, at);

-- The brand's tag groups (兴趣, 肤质, 预算 …), managed by operators.
CREATE TABLE kos_tag_groups (
    brand_id   TEXT NOT NULL REFERENCES brands (id),
    id         TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, name)
);

-- Tags: a brand tag has its group (staff_id ''); a personal tag belongs
-- to one staff member (group_id '').
CREATE TABLE kos_tags (
    brand_id   TEXT NOT NULL REFERENCES brands (id),
    id         TEXT NOT NULL,
    group_id   TEXT NOT NULL DEFAULT '',
    staff_id   TEXT NOT NULL DEFAULT '',
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, group_id, staff_id, name)
);

CREATE TABLE kos_lead_tags (
    brand_id TEXT NOT NULL,
    lead_id  TEXT NOT NULL,
    tag_id   TEXT NOT NULL,
    PRIMARY KEY (brand_id, lead_id, tag_id),
    FOREIGN KEY (brand_id, lead_id) REFERENCES kos_leads (brand_id, id),
    FOREIGN KEY (brand_id, tag_id) REFERENCES kos_tags (brand_id, id)
);
CREATE INDEX kos_lead_tags_by_tag ON kos_lead_tags (brand_id, tag_id, lead_id);

-- Whether a staff member is on shift (set on the phone): the store's live
-- code hands walk-ins to those on shift, else to every active colleague.
CREATE TABLE kos_duty (
    brand_id   TEXT NOT NULL,
    staff_id   TEXT NOT NULL,
    on_duty    BIGINT NOT NULL,
    changed_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, staff_id),
    FOREIGN KEY (brand_id, staff_id) REFERENCES kos_staff (brand_id, id)
);

-- Each store live code's turn: the staff member the last walk-in went to.
-- A walk-in's transaction starts by updating this row (the lock two
-- simultaneous walk-ins queue on), so they never land on one person.
CREATE TABLE kos_live_turns (
    brand_id      TEXT NOT NULL,
    store_id      TEXT NOT NULL,
    last_staff_id TEXT NOT NULL DEFAULT '',
    turns         BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (brand_id, store_id),
    FOREIGN KEY (brand_id, store_id) REFERENCES kos_stores (brand_id, id)
);

-- Walk-ins per client address and day (`key`: the address keyed with the
-- server secret, never the address), so a script cannot flood a store's
-- staff with made-up leads through the public QR page.
CREATE TABLE kos_walk_in_limits (
    brand_id  TEXT NOT NULL,
    key       TEXT NOT NULL,
    day       BIGINT NOT NULL,
    walk_ins  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, key)
);
