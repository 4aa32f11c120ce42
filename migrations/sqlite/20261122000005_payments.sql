-- Payments: one row per payment attempt, and every callback received, verbatim.

CREATE TABLE payments (
    id                       BLOB PRIMARY KEY,
    order_id                 BLOB NOT NULL,
    method                   TEXT NOT NULL,
    provider                 TEXT NOT NULL,
    amount                   INTEGER NOT NULL CHECK (amount > 0),
    status                   TEXT NOT NULL,       -- pending | processing | succeeded | failed | cancelled | expired
    provider_ref             TEXT NOT NULL,       -- our reference at the gateway (vnp_TxnRef, orderId, app_trans_id)
    provider_transaction_id  TEXT,                -- the gateway's own transaction number
    provider_payload         TEXT,               -- the last callback that changed this attempt
    review_reason            TEXT,                -- set when money arrived that a person must look at
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL,
    settled_at               TEXT,
    UNIQUE (provider, provider_ref)
);
CREATE INDEX payments_order ON payments (order_id);
CREATE INDEX payments_pending ON payments (status, created_at);

CREATE TABLE payment_callbacks (
    id            BLOB PRIMARY KEY,
    provider      TEXT NOT NULL,
    provider_ref  TEXT,
    payload       TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX payment_callbacks_ref ON payment_callbacks (provider, provider_ref);
