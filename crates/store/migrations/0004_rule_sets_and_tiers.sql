-- Versioned rule sets and dated tier history (issue 4).
--
-- brands.points_rule now holds the brand's current rule set (JSON of
-- rules::RuleSet); campaigns.points_rule holds the version frozen at
-- publication. Rows written by the first release hold a bare points rule,
-- which rules::RuleSet::load reads as version 0.

CREATE TABLE rule_sets (
    brand_id   TEXT NOT NULL REFERENCES brands (id),
    version    BIGINT NOT NULL,
    rules      TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    created_by TEXT NOT NULL,
    PRIMARY KEY (brand_id, version)
);
INSERT INTO rule_sets (brand_id, version, rules, created_at, created_by)
    SELECT id, 0, points_rule, created_at, 'migration' FROM brands;

-- Percent applied to a campaign's points (100 = as the rule set says).
ALTER TABLE campaigns ADD COLUMN multiplier_percent BIGINT NOT NULL DEFAULT 100;

-- Every tier change, dated in the brand's zone, with its reason (JSON of
-- rules::TierReason). The last row is the member's tier; rows are never
-- rewritten, so a change of rules is never retroactive.
CREATE TABLE tier_changes (
    brand_id      TEXT NOT NULL,
    member_id     TEXT NOT NULL,
    seq           BIGINT NOT NULL,
    changed_on    TEXT NOT NULL,
    from_tier     TEXT NOT NULL,
    to_tier       TEXT NOT NULL,
    reason        TEXT NOT NULL,
    last_demotion TEXT,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (brand_id, member_id, seq),
    FOREIGN KEY (brand_id, member_id) REFERENCES members (brand_id, id)
);
