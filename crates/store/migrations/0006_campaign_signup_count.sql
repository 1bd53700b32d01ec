-- Sign-ups per campaign, kept by every sign-up in its own transaction, so
-- theme pages and campaign lists read one column instead of counting
-- thousands of sign-up rows on every request (scripts/bench).
ALTER TABLE campaigns ADD COLUMN signup_count BIGINT NOT NULL DEFAULT 0;
UPDATE campaigns SET signup_count = (
    SELECT COUNT(*) FROM signups s WHERE s.brand_id = campaigns.brand_id AND s.campaign_id = campaigns.id
);
