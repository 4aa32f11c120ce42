-- Identity: browser sessions (the pages' signed-in cookies). Only a hash of each token is kept.

CREATE TABLE browser_sessions (
    token_hash  TEXT PRIMARY KEY,
    user_id     BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at  TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX browser_sessions_expiry ON browser_sessions (expires_at);
