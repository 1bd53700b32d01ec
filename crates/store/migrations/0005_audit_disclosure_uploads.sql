-- Audit log, ad disclosure and uploads (issue 6).

-- Every operator action and every view of full personal data: who, what,
-- when, before and after. Rows name people and records by id and never
-- copy personal fields, so an erased member stays erased. Ids are UUIDv7,
-- so ordering by id is ordering by time.
CREATE TABLE audit_log (
    brand_id    TEXT NOT NULL REFERENCES brands (id),
    id          TEXT NOT NULL,
    actor_kind  TEXT NOT NULL,
    actor_id    TEXT NOT NULL,
    action      TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    at          BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX audit_by_target ON audit_log (brand_id, target_id, id);
CREATE INDEX audit_by_actor ON audit_log (brand_id, actor_id, id);
CREATE INDEX audit_by_action ON audit_log (brand_id, action, id);

-- Paid collaborations must carry the platform's ad disclosure: the
-- campaign says so, the member declares it on submitting, the reviewer
-- confirms it before approving (0 = no, 1 = yes).
ALTER TABLE campaigns ADD COLUMN disclosure_required BIGINT NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN disclosure_declared BIGINT NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN disclosure_confirmed BIGINT NOT NULL DEFAULT 0;
-- An evidence screenshot (an upload of the same member), optional.
ALTER TABLE submissions ADD COLUMN screenshot_id TEXT;

-- Uploaded files live on disk under the data folder, named by id; this
-- row says whose they are and what they hold (type sniffed from the bytes).
CREATE TABLE uploads (
    brand_id     TEXT NOT NULL REFERENCES brands (id),
    id           TEXT NOT NULL,
    owner_kind   TEXT NOT NULL,
    owner_id     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX uploads_by_owner ON uploads (brand_id, owner_kind, owner_id);
