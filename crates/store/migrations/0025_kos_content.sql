-- The content middle platform (issue 17: content): templates with their
-- versions, materials, campaign policies, and the notes staff publish.

-- A template (`rules::TemplateKind`). The row holds the current version's
-- title and tags, so the staff list filters one table; every saved
-- version's text is in `kos_template_versions` (an edit adds one, old
-- ones stay readable). A tag column '' means "any": a template for every
-- platform is found by a filter on any platform. `campaign_id` a campaign
-- of the brand or NULL; `kos_role` a `rules::KosRole` or ''.
CREATE TABLE kos_templates (
    brand_id    TEXT NOT NULL REFERENCES brands (id),
    id          TEXT NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    version     BIGINT NOT NULL,
    product     TEXT NOT NULL DEFAULT '',
    campaign_id TEXT,
    platform    TEXT NOT NULL DEFAULT '',
    kos_role    TEXT NOT NULL DEFAULT '',
    active      BIGINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX kos_templates_by_kind ON kos_templates (brand_id, active, kind, updated_at);
CREATE INDEX kos_templates_by_campaign ON kos_templates (brand_id, campaign_id);

CREATE TABLE kos_template_versions (
    brand_id    TEXT NOT NULL,
    template_id TEXT NOT NULL,
    version     BIGINT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    product     TEXT NOT NULL DEFAULT '',
    campaign_id TEXT,
    platform    TEXT NOT NULL DEFAULT '',
    kos_role    TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    created_by  TEXT NOT NULL,
    PRIMARY KEY (brand_id, template_id, version),
    FOREIGN KEY (brand_id, template_id) REFERENCES kos_templates (brand_id, id)
);

-- A material (`rules::MaterialKind`): an image upload (type- and
-- size-checked by the uploads path), a video upload or a video link.
-- `tags` comma-joined in `rules::kos_content::tags`' form; `expires_on`
-- yyyy-mm-dd in the brand's calendar, after which staff no longer see it.
CREATE TABLE kos_materials (
    brand_id     TEXT NOT NULL REFERENCES brands (id),
    id           TEXT NOT NULL,
    kind         TEXT NOT NULL,
    title        TEXT NOT NULL,
    upload_id    TEXT,
    video_url    TEXT NOT NULL DEFAULT '',
    tags         TEXT NOT NULL DEFAULT '',
    product      TEXT NOT NULL DEFAULT '',
    campaign_id  TEXT,
    usage_rights TEXT NOT NULL DEFAULT '',
    expires_on   TEXT,
    created_at   BIGINT NOT NULL,
    created_by   TEXT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX kos_materials_by_expiry ON kos_materials (brand_id, expires_on, updated_at);

-- A pricing or activity policy (`rules::PolicyKind`) of a campaign, shown
-- to staff from `starts_on` to `ends_on` (yyyy-mm-dd, inclusive; NULL: open).
CREATE TABLE kos_policies (
    brand_id    TEXT NOT NULL REFERENCES brands (id),
    id          TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    kind        TEXT NOT NULL,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    starts_on   TEXT,
    ends_on     TEXT,
    created_at  BIGINT NOT NULL,
    created_by  TEXT NOT NULL,
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    FOREIGN KEY (brand_id, campaign_id) REFERENCES campaigns (brand_id, id)
);
CREATE INDEX kos_policies_by_campaign ON kos_policies (brand_id, campaign_id, ends_on);

-- A note a staff member published and submitted: attributed to the staff
-- member, the store they were at when submitting, the template (and the
-- version they copied), the material and the account. `platform` and
-- `note_key` are `rules::parse_note_link`'s (the KOC notes' parser), one
-- note once per brand (and never also a KOC submission). `likes`,
-- `comments`, `saves`, `interactions` and `metrics_on` are the latest of
-- `kos_note_metrics`, so the results per template are one grouped query.
CREATE TABLE kos_notes (
    brand_id         TEXT NOT NULL REFERENCES brands (id),
    id               TEXT NOT NULL,
    staff_id         TEXT NOT NULL,
    store_id         TEXT NOT NULL,
    template_id      TEXT,
    template_version BIGINT,
    material_id      TEXT,
    account_id       TEXT,
    platform         TEXT NOT NULL,
    note_key         TEXT NOT NULL,
    canonical_url    TEXT NOT NULL,
    original_url     TEXT NOT NULL,
    submitted_at     BIGINT NOT NULL,
    likes            BIGINT NOT NULL DEFAULT 0,
    comments         BIGINT NOT NULL DEFAULT 0,
    saves            BIGINT NOT NULL DEFAULT 0,
    interactions     BIGINT NOT NULL DEFAULT 0,
    metrics_on       TEXT,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, platform, note_key),
    FOREIGN KEY (brand_id, template_id) REFERENCES kos_templates (brand_id, id),
    FOREIGN KEY (brand_id, material_id) REFERENCES kos_materials (brand_id, id),
    FOREIGN KEY (brand_id, account_id) REFERENCES kos_accounts (brand_id, id)
);
CREATE INDEX kos_notes_by_staff ON kos_notes (brand_id, staff_id, submitted_at);
CREATE INDEX kos_notes_by_store ON kos_notes (brand_id, store_id, submitted_at);
CREATE INDEX kos_notes_by_template ON kos_notes (brand_id, template_id, interactions);
CREATE INDEX kos_notes_by_material ON kos_notes (brand_id, material_id);
CREATE INDEX kos_notes_by_submitted ON kos_notes (brand_id, submitted_at);

-- A KOS note's dated metric snapshots, as the KOC notes' (same import).
CREATE TABLE kos_note_metrics (
    brand_id      TEXT NOT NULL,
    kos_note_id   TEXT NOT NULL,
    snapshot_date TEXT NOT NULL,
    likes         BIGINT NOT NULL,
    comments      BIGINT NOT NULL,
    saves         BIGINT NOT NULL,
    recorded_at   BIGINT NOT NULL,
    recorded_by   TEXT NOT NULL,
    PRIMARY KEY (brand_id, kos_note_id, snapshot_date),
    FOREIGN KEY (brand_id, kos_note_id) REFERENCES kos_notes (brand_id, id)
);
