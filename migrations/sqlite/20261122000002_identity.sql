-- Identity: users, refresh-token families, addresses.

CREATE TABLE users (
    id                  BLOB PRIMARY KEY,
    email               TEXT UNIQUE,
    phone               TEXT UNIQUE,
    password_hash       TEXT NOT NULL,
    full_name           TEXT NOT NULL,
    role                TEXT NOT NULL DEFAULT 'customer',  -- customer | staff | admin
    status              TEXT NOT NULL DEFAULT 'active',    -- active | disabled
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    locked_until        TEXT,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);

CREATE TABLE refresh_tokens (
    id           BLOB PRIMARY KEY,
    user_id      BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    family_id    BLOB NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    expires_at   TEXT NOT NULL,
    used_at      TEXT,
    revoked_at   TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);

CREATE TABLE addresses (
    id              BLOB PRIMARY KEY,
    user_id         BLOB NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    recipient_name  TEXT NOT NULL,
    phone           TEXT NOT NULL,
    province_code   INTEGER NOT NULL,
    ward_code       INTEGER NOT NULL,
    address_detail  TEXT NOT NULL,
    is_default      INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX addresses_user ON addresses (user_id);
