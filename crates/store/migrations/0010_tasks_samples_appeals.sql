-- Tasks, product samples and appeals (issue 5).

-- A task: `publish_note`, `share_moments` (screenshot evidence), `contest`
-- (an entry), `feedback` (answers to `questions`, a JSON list) or
-- `training` (completion code); due on a date, rewarded with points.
-- `campaign_id` ties it to a campaign (assigned to its selected members).
CREATE TABLE tasks (
    brand_id      TEXT NOT NULL REFERENCES brands (id),
    id            TEXT NOT NULL,
    campaign_id   TEXT,
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    instructions  TEXT NOT NULL,
    questions     TEXT NOT NULL DEFAULT '[]',
    due_on        TEXT NOT NULL,
    reward_points BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    created_by    TEXT NOT NULL,
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX tasks_by_due ON tasks (brand_id, due_on, id);

-- One member's copy of a task: `assigned` → `submitted` → `approved` or
-- `rejected` (with `reason`) → `rewarded` (points credited, in the
-- approval's transaction). `answer` is JSON (text, link, answers).
CREATE TABLE task_assignments (
    brand_id     TEXT NOT NULL,
    task_id      TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    status       TEXT NOT NULL,
    answer       TEXT,
    evidence_id  TEXT,
    assigned_at  BIGINT NOT NULL,
    submitted_at BIGINT,
    reviewed_at  BIGINT,
    reviewed_by  TEXT,
    reason       TEXT,
    PRIMARY KEY (brand_id, task_id, member_id),
    FOREIGN KEY (brand_id, task_id) REFERENCES tasks (brand_id, id),
    FOREIGN KEY (brand_id, member_id) REFERENCES members (brand_id, id)
);
CREATE INDEX task_assignments_by_member ON task_assignments (brand_id, member_id, status);
CREATE INDEX task_assignments_by_status ON task_assignments (brand_id, status, task_id);

-- Product samples for trial campaigns: `sample_days` > 0 means selected
-- members get a sample and publish within that many days of receiving it.
ALTER TABLE campaigns ADD COLUMN sample_days BIGINT NOT NULL DEFAULT 0;
CREATE TABLE samples (
    brand_id    TEXT NOT NULL,
    campaign_id TEXT NOT NULL,
    member_id   TEXT NOT NULL,
    -- Personal data: blanked when the member is erased.
    recipient   TEXT NOT NULL,
    phone       TEXT NOT NULL,
    address     TEXT NOT NULL,
    courier     TEXT,
    tracking    TEXT,
    shipped_at  BIGINT,
    received_on TEXT,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, campaign_id, member_id),
    FOREIGN KEY (brand_id, campaign_id) REFERENCES campaigns (brand_id, id),
    FOREIGN KEY (brand_id, member_id) REFERENCES members (brand_id, id)
);

-- Appeals: once per rejected note or application, with the member's note;
-- the item goes back to the review queue marked as an appeal.
ALTER TABLE submissions ADD COLUMN appeal_note TEXT;
ALTER TABLE submissions ADD COLUMN appealed_at BIGINT;
ALTER TABLE applications ADD COLUMN appeal_note TEXT;
ALTER TABLE applications ADD COLUMN appealed_at BIGINT;
