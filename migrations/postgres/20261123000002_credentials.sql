-- Payment gateway credentials, one row per provider and gateway environment, sealed with
-- AES-256-GCM under a key derived from CHO_APPLICATION_SECRET (cho_platform::crypto).
-- `ciphertext` names its key (`v1:<key id>:…`); `key_id` repeats it so that
-- `cho secrets rotate` and the admin API can tell which rows an old key still seals.

CREATE TABLE payment_credentials (
    provider     TEXT NOT NULL,                 -- VNPAY | MOMO | ZALOPAY
    environment  TEXT NOT NULL CHECK (environment IN ('sandbox', 'production')),
    ciphertext   TEXT NOT NULL,
    key_id       TEXT NOT NULL,
    updated_by   UUID,                          -- the admin who last set them
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, environment)
);
