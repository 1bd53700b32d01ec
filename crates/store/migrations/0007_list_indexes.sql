-- List pages sort by time with the id as tie-break; with the id in the
-- index, "newest 50 pending notes" reads 50 index entries instead of
-- joining and sorting every pending note (scripts/bench: the review queue
-- over 200,000 notes). A campaign's page lists all its notes by time;
-- settlement, which wants one status, filters that campaign's notes.
DROP INDEX applications_queue;
CREATE INDEX applications_queue ON applications (brand_id, status, created_at, id);
DROP INDEX submissions_queue;
CREATE INDEX submissions_queue ON submissions (brand_id, status, created_at, id);
DROP INDEX submissions_by_campaign;
CREATE INDEX submissions_by_campaign ON submissions (brand_id, campaign_id, created_at, id);
DROP INDEX submissions_by_member;
CREATE INDEX submissions_by_member ON submissions (brand_id, member_id, created_at, id);
DROP INDEX ledger_by_member;
CREATE INDEX ledger_by_member ON ledger_entries (brand_id, member_id, created_at, id);
