-- Outbox consumers: typed, versioned events read in order from durable cursors.
--
-- SQLite has one writer at a time, so insert order is commit order: `position` is an
-- AUTOINCREMENT key (never reused, not even after the newest rows are purged) and `xid`
-- stays 0, which lets both backends share the (xid, position) order of cho_platform::outbox.

CREATE TABLE outbox_events_new (
    position        INTEGER PRIMARY KEY AUTOINCREMENT,
    id              BLOB NOT NULL UNIQUE,
    event_type      TEXT NOT NULL,
    event_version   INTEGER NOT NULL DEFAULT 1,
    aggregate_type  TEXT NOT NULL,
    aggregate_id    BLOB NOT NULL,
    payload         TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    published_at    TEXT,
    xid             INTEGER NOT NULL DEFAULT 0
);
INSERT INTO outbox_events_new (id, event_type, aggregate_type, aggregate_id, payload, created_at, published_at)
SELECT id, event_type, aggregate_type, aggregate_id, payload, created_at, published_at
FROM outbox_events ORDER BY created_at, id;
DROP TABLE outbox_events;
ALTER TABLE outbox_events_new RENAME TO outbox_events;
CREATE INDEX outbox_unpublished ON outbox_events (published_at, id);
CREATE INDEX outbox_aggregate ON outbox_events (aggregate_id);
CREATE UNIQUE INDEX outbox_events_order ON outbox_events (xid, position);
CREATE INDEX outbox_events_created ON outbox_events (created_at);

CREATE TABLE outbox_cursors (
    consumer       TEXT PRIMARY KEY,
    xid            INTEGER NOT NULL DEFAULT 0,   -- the last handled event's (xid, position)
    position       INTEGER NOT NULL DEFAULT 0,
    attempts       INTEGER NOT NULL DEFAULT 0,   -- failures in a row
    last_error     TEXT,
    failing_since  TEXT,
    retry_at       TEXT,
    updated_at     TEXT NOT NULL                 -- when the cursor last moved (or was created)
);
