-- Issue 17: the KOS program's organisation. A brand's regions, its stores
-- (each in one region) and its staff (each in a store; a regional manager
-- in a region only), with the dated history of joins, moves and leaving.
-- Staff sign in to the staff app by phone (a password or an SMS code).
CREATE TABLE kos_regions (
    brand_id   TEXT NOT NULL,
    id         TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, name)
);

CREATE TABLE kos_stores (
    brand_id   TEXT NOT NULL,
    id         TEXT NOT NULL,
    region_id  TEXT NOT NULL,
    -- The brand's own store number, trimmed and upper-cased.
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    city       TEXT NOT NULL,
    address    TEXT NOT NULL,
    -- open | closed
    status     TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, code),
    FOREIGN KEY (brand_id, region_id) REFERENCES kos_regions (brand_id, id)
);
CREATE INDEX kos_stores_by_region ON kos_stores (brand_id, region_id);

CREATE TABLE kos_staff (
    brand_id      TEXT NOT NULL,
    id            TEXT NOT NULL,
    name          TEXT NOT NULL,
    -- Normalised (rules::Phone): the sign-in name.
    phone         TEXT NOT NULL,
    -- rules::StaffRole
    role          TEXT NOT NULL,
    -- rules::KosRole
    kos_role      TEXT NOT NULL,
    region_id     TEXT NOT NULL,
    -- NULL only for a regional manager.
    store_id      TEXT,
    employee_no   TEXT NOT NULL,
    password_hash TEXT,
    joined_on     TEXT NOT NULL,
    left_on       TEXT,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    UNIQUE (brand_id, phone),
    FOREIGN KEY (brand_id, region_id) REFERENCES kos_regions (brand_id, id),
    FOREIGN KEY (brand_id, store_id) REFERENCES kos_stores (brand_id, id)
);
CREATE INDEX kos_staff_by_store ON kos_staff (brand_id, store_id);
CREATE INDEX kos_staff_by_region ON kos_staff (brand_id, region_id);

CREATE TABLE kos_staff_moves (
    brand_id      TEXT NOT NULL,
    id            TEXT NOT NULL,
    staff_id      TEXT NOT NULL,
    -- rules::StaffMoveKind
    kind          TEXT NOT NULL,
    from_store_id TEXT,
    to_store_id   TEXT,
    on_date       TEXT NOT NULL,
    decided_by    TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (brand_id, id),
    FOREIGN KEY (brand_id, staff_id) REFERENCES kos_staff (brand_id, id)
);
CREATE INDEX kos_staff_moves_by_staff ON kos_staff_moves (brand_id, staff_id, on_date);
