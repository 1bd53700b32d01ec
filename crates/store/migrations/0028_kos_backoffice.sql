-- Issue 17: the KOS back office. Training courses (text, a video link, a
-- quiz whose answer key never leaves the server) assigned to KOS roles or
-- stores, and every attempt with its score; monthly goals per staff member
-- and per store; store and staff competitions; and the rewards paid
-- through the ledger (each names its posting). Records carry the store and
-- region they belong to, so a manager's scope is a filter on the row.
CREATE TABLE kos_courses (
    brand_id     TEXT NOT NULL,
    id           TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    -- https link to a video, or ''.
    video_url    TEXT NOT NULL,
    -- JSON rules::backoffice::Quiz (questions with their answer key).
    quiz         TEXT NOT NULL,
    pass_percent BIGINT NOT NULL,
    -- rules::CourseStatus
    status       TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX kos_courses_by_status ON kos_courses (brand_id, status, created_at);

-- Who a course is for: every staff member with a KOS role, or of a store.
CREATE TABLE kos_course_targets (
    brand_id  TEXT NOT NULL,
    course_id TEXT NOT NULL,
    -- rules::CourseTarget: kos_role | store
    target    TEXT NOT NULL,
    -- The rules::KosRole or the store's id.
    target_id TEXT NOT NULL,
    PRIMARY KEY (brand_id, course_id, target, target_id),
    FOREIGN KEY (brand_id, course_id) REFERENCES kos_courses (brand_id, id)
);
CREATE INDEX kos_course_targets_by_target ON kos_course_targets (brand_id, target, target_id);

CREATE TABLE kos_course_attempts (
    brand_id      TEXT NOT NULL,
    id            TEXT NOT NULL,
    course_id     TEXT NOT NULL,
    staff_id      TEXT NOT NULL,
    -- Where the staff member worked when they took it ('' for a regional
    -- manager).
    store_id      TEXT NOT NULL,
    region_id     TEXT NOT NULL,
    -- JSON array of the chosen choice per question.
    answers       TEXT NOT NULL,
    correct       BIGINT NOT NULL,
    total         BIGINT NOT NULL,
    score_percent BIGINT NOT NULL,
    passed        BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    FOREIGN KEY (brand_id, course_id) REFERENCES kos_courses (brand_id, id),
    FOREIGN KEY (brand_id, staff_id) REFERENCES kos_staff (brand_id, id)
);
CREATE INDEX kos_course_attempts_by_course ON kos_course_attempts (brand_id, course_id, staff_id, created_at);
CREATE INDEX kos_course_attempts_by_staff ON kos_course_attempts (brand_id, staff_id, created_at);

-- A month's goal for one staff member or one store, per metric.
CREATE TABLE kos_goals (
    brand_id   TEXT NOT NULL,
    id         TEXT NOT NULL,
    -- rules::KosSubject: staff | store
    subject    TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    -- The subject's store ('' for a regional manager) and region.
    store_id   TEXT NOT NULL,
    region_id  TEXT NOT NULL,
    -- yyyy-mm, in the brand's time zone.
    month      TEXT NOT NULL,
    -- rules::KosMetric
    metric     TEXT NOT NULL,
    target     BIGINT NOT NULL,
    set_by     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, subject, subject_id, month, metric)
);
CREATE INDEX kos_goals_by_month ON kos_goals (brand_id, month, store_id);

CREATE TABLE kos_competitions (
    brand_id   TEXT NOT NULL,
    id         TEXT NOT NULL,
    title      TEXT NOT NULL,
    -- rules::KosMetric
    metric     TEXT NOT NULL,
    -- rules::KosSubject: stores or staff compete.
    entrant    TEXT NOT NULL,
    -- yyyy-mm-dd, both days included, in the brand's time zone.
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL,
    -- rules::RewardUnit
    prize_unit TEXT NOT NULL,
    -- JSON array: the prize for first, second, … place.
    prizes     TEXT NOT NULL,
    paid_at    BIGINT,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id)
);
CREATE INDEX kos_competitions_by_end ON kos_competitions (brand_id, ends_on);

CREATE TABLE kos_competition_entrants (
    brand_id       TEXT NOT NULL,
    competition_id TEXT NOT NULL,
    -- A store's or a staff member's id (the competition's entrant kind).
    entrant_id     TEXT NOT NULL,
    store_id       TEXT NOT NULL,
    region_id      TEXT NOT NULL,
    PRIMARY KEY (brand_id, competition_id, entrant_id),
    FOREIGN KEY (brand_id, competition_id) REFERENCES kos_competitions (brand_id, id)
);

-- A reward paid to a staff member, through its ledger posting.
CREATE TABLE kos_rewards (
    brand_id    TEXT NOT NULL,
    id          TEXT NOT NULL,
    staff_id    TEXT NOT NULL,
    store_id    TEXT NOT NULL,
    region_id   TEXT NOT NULL,
    -- rules::IncentiveKind
    kind        TEXT NOT NULL,
    -- rules::RewardUnit
    unit        TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    -- yyyy-mm or the competition's id: what it was for.
    period      TEXT NOT NULL,
    -- Unique per kind: the posting's source, so paying twice pays once.
    source_key  TEXT NOT NULL,
    memo        TEXT NOT NULL,
    posting_id  TEXT NOT NULL,
    -- The reversing posting, when the reward was withdrawn.
    reversed_by TEXT,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, kind, source_key),
    FOREIGN KEY (brand_id, staff_id) REFERENCES kos_staff (brand_id, id)
);
CREATE INDEX kos_rewards_by_staff ON kos_rewards (brand_id, staff_id, created_at);
CREATE INDEX kos_rewards_by_store ON kos_rewards (brand_id, store_id, created_at);
