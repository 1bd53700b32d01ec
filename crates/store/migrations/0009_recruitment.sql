-- Recruitment (issue 5): recruitments with per-channel invitation links,
-- candidates imported from a customer list, and the review queue's
-- channel, "more information" exchange, evidence and duplicate keys.

-- Where an application came from: `channel` is one of `direct` (no
-- invitation), `wechat`, `member_pool`, `partner`, `in_store`,
-- `one_to_one`; `invite_code` names the link. `status` gains `more_info`:
-- the operator asked `info_request`, the applicant answers `info_reply`
-- and the application is pending again. `evidence` is a JSON list of the
-- applicant's upload ids (screenshots of their accounts).
ALTER TABLE applications ADD COLUMN channel TEXT NOT NULL DEFAULT 'direct';
ALTER TABLE applications ADD COLUMN recruitment_id TEXT;
ALTER TABLE applications ADD COLUMN invite_code TEXT;
ALTER TABLE applications ADD COLUMN info_request TEXT;
ALTER TABLE applications ADD COLUMN info_reply TEXT;
ALTER TABLE applications ADD COLUMN evidence TEXT NOT NULL DEFAULT '[]';
CREATE INDEX applications_by_channel ON applications (brand_id, channel, status);

-- The duplicate-applicant check: one row per thing that identifies a
-- person (the contact, each social account), as a SHA-256 of its
-- normalised text, so no personal data is copied here. Two applications
-- of a brand sharing a key are flagged to the reviewer.
CREATE TABLE application_keys (
    brand_id       TEXT NOT NULL,
    application_id TEXT NOT NULL,
    id_hash        TEXT NOT NULL,
    PRIMARY KEY (brand_id, application_id, id_hash),
    FOREIGN KEY (brand_id, application_id) REFERENCES applications (brand_id, id)
);
CREATE INDEX application_keys_by_key ON application_keys (brand_id, id_hash);

-- A recruitment: what it is for (`trial`, `feedback`, `seeding`,
-- `distribution`), `one_off` or `long_running`, `open` or `closed`.
CREATE TABLE recruitments (
    brand_id   TEXT NOT NULL REFERENCES brands (id),
    id         TEXT NOT NULL,
    title      TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    kind       TEXT NOT NULL,
    status     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (brand_id, id)
);

-- An invitation link: `/b/{brand}/apply?i={code}`. One per recruitment
-- and channel, and one per invited candidate (channel `member_pool`).
CREATE TABLE invites (
    brand_id       TEXT NOT NULL,
    code           TEXT NOT NULL,
    recruitment_id TEXT NOT NULL,
    channel        TEXT NOT NULL,
    candidate_id   TEXT,
    created_at     BIGINT NOT NULL,
    PRIMARY KEY (brand_id, code),
    FOREIGN KEY (brand_id, recruitment_id) REFERENCES recruitments (brand_id, id)
);
CREATE INDEX invites_by_recruitment ON invites (brand_id, recruitment_id, channel);

-- Customers imported for candidate discovery, scored by the brand's
-- discovery rules at import. `external_id` is the brand's own customer
-- id (a re-import updates the row); `phone` is personal data, shown
-- masked and erased with the list.
CREATE TABLE candidates (
    brand_id     TEXT NOT NULL REFERENCES brands (id),
    id           TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    phone        TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    orders       BIGINT NOT NULL,
    member_since TEXT NOT NULL,
    last_active  TEXT NOT NULL,
    score        BIGINT NOT NULL,
    parts        TEXT NOT NULL,
    invite_code  TEXT,
    invited_at   BIGINT,
    imported_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, external_id)
);
CREATE INDEX candidates_by_score ON candidates (brand_id, score, id);
