-- Issue 17 (org): the people side of the KOS program. Each KOS role has a
-- competency profile the brand defines (kos_competencies); each staff
-- member rates themself 1-5 on their role's competencies and their
-- manager rates them too (kos_competency_ratings). The persona checklist
-- (kos_personas) is what a good KOS profile shows: real name, a photo
-- (an upload), the store named in the profile, the store's location in
-- notes, quick replies with price questions moved to private messages.
CREATE TABLE kos_competencies (
    brand_id    TEXT NOT NULL,
    id          TEXT NOT NULL,
    -- rules::KosRole
    kos_role    TEXT NOT NULL,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    position    BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, kos_role, name)
);

CREATE TABLE kos_competency_ratings (
    brand_id      TEXT NOT NULL,
    staff_id      TEXT NOT NULL,
    competency_id TEXT NOT NULL,
    -- 1-5, NULL until rated.
    self_score    BIGINT,
    self_at       BIGINT,
    manager_score BIGINT,
    -- The store or regional manager (a kos_staff id) or operator who rated.
    manager_by    TEXT,
    manager_at    BIGINT,
    PRIMARY KEY (brand_id, staff_id, competency_id),
    FOREIGN KEY (brand_id, staff_id) REFERENCES kos_staff (brand_id, id),
    FOREIGN KEY (brand_id, competency_id) REFERENCES kos_competencies (brand_id, id)
);

CREATE TABLE kos_personas (
    brand_id          TEXT NOT NULL,
    staff_id          TEXT NOT NULL,
    -- 0/1: the profile shows the staff member's real name.
    real_name         BIGINT NOT NULL,
    -- The profile photo (an upload of the staff member), NULL without one.
    photo_upload_id   TEXT,
    store_in_profile  BIGINT NOT NULL,
    location_in_notes BIGINT NOT NULL,
    reply_habits      BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    PRIMARY KEY (brand_id, staff_id),
    FOREIGN KEY (brand_id, staff_id) REFERENCES kos_staff (brand_id, id)
);

-- The staff list filters by role and by status (left or not) within a
-- store or region; kos_staff_by_store / _by_region (0023) lead.
CREATE INDEX kos_staff_by_store_role ON kos_staff (brand_id, store_id, role, left_on);
