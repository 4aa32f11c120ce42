-- Consumers keep their own cursors (outbox_cursors), so the single "published" flag and
-- its index are gone: one index fewer to maintain on every event written.
DROP INDEX outbox_unpublished;
ALTER TABLE outbox_events DROP COLUMN published_at;
