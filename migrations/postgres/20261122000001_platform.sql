-- Platform: durable job queue, transactional outbox, idempotency keys, audit log.

CREATE TABLE jobs (
    id            UUID PRIMARY KEY,
    kind          TEXT NOT NULL,
    payload       JSONB NOT NULL,
    status        TEXT NOT NULL DEFAULT 'queued',   -- queued | running | dead
    attempts      BIGINT NOT NULL DEFAULT 0,
    run_at        TIMESTAMPTZ NOT NULL,
    locked_until  TIMESTAMPTZ,
    last_error    TEXT,
    dedupe_key    TEXT UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX jobs_ready ON jobs (status, run_at);

CREATE TABLE outbox_events (
    id              UUID PRIMARY KEY,
    event_type      TEXT NOT NULL,
    aggregate_type  TEXT NOT NULL,
    aggregate_id    UUID NOT NULL,
    payload         JSONB NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    published_at    TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox_events (published_at, id);
CREATE INDEX outbox_aggregate ON outbox_events (aggregate_id);

CREATE TABLE idempotency_keys (
    scope            TEXT NOT NULL,
    key              TEXT NOT NULL,
    request_hash     TEXT NOT NULL,
    response_status  BIGINT NOT NULL,
    response_body    JSONB NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE audit_logs (
    id           UUID PRIMARY KEY,
    actor_id     UUID,
    action       TEXT NOT NULL,
    entity_type  TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    old_values   JSONB,
    new_values   JSONB,
    ip_address   TEXT,
    user_agent   TEXT,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX audit_logs_entity ON audit_logs (entity_type, entity_id);

-- Fixed-window rate limits shared by every replica (e.g. sign-ins per client IP).
CREATE TABLE rate_limits (
    key           TEXT PRIMARY KEY,
    window_start  BIGINT NOT NULL,
    hits          BIGINT NOT NULL
);
