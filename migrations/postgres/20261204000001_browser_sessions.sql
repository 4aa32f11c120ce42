-- Identity: browser sessions (the pages' signed-in cookies). Only a hash of each token is kept.

CREATE TABLE browser_sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     UUID NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at  TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX browser_sessions_expiry ON browser_sessions (expires_at);
