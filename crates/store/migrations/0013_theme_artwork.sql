-- A theme's artwork (issue 5): an operator upload, shown publicly with the
-- theme.
ALTER TABLE themes ADD COLUMN artwork_id TEXT;
