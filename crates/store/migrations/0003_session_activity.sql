-- Idle time-outs need the time of a session's last use; "log out
-- everywhere" needs a subject's sessions by subject.
ALTER TABLE sessions ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET last_seen_at = created_at;
CREATE INDEX sessions_by_subject ON sessions (brand_id, kind, subject_id);
