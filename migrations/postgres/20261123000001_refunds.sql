-- Refunds as records of their own, what each payment has had refunded, and
-- the state of the built-in gateway simulators (sandbox mode only).

ALTER TABLE payments ADD COLUMN refunded_amount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE payments ADD CONSTRAINT payments_refund_bound CHECK (refunded_amount BETWEEN 0 AND amount);
ALTER TABLE payments ADD COLUMN attempt_no INTEGER NOT NULL DEFAULT 1;
ALTER TABLE payments ADD COLUMN next_check_at TIMESTAMPTZ;
CREATE INDEX payments_next_check ON payments (status, next_check_at);

CREATE TABLE refunds (
    id                  UUID PRIMARY KEY,
    payment_id          UUID NOT NULL REFERENCES payments (id),
    order_id            UUID NOT NULL,
    amount              BIGINT NOT NULL CHECK (amount > 0),
    status              TEXT NOT NULL,        -- pending | succeeded | failed
    reason              TEXT NOT NULL,
    refund_ref          TEXT NOT NULL UNIQUE, -- our reference at the gateway
    provider_refund_id  TEXT,
    failure             TEXT,
    requested_by        UUID,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    settled_at          TIMESTAMPTZ
);
CREATE INDEX refunds_order ON refunds (order_id);
CREATE INDEX refunds_pending ON refunds (status, created_at);

CREATE TABLE sandbox_transactions (
    provider         TEXT NOT NULL,
    provider_ref     TEXT NOT NULL,
    amount           BIGINT NOT NULL,
    status           TEXT NOT NULL,           -- pending | succeeded | failed
    transaction_id   TEXT NOT NULL,
    refunded_amount  BIGINT NOT NULL DEFAULT 0,
    request          JSONB NOT NULL,          -- what the merchant opened it with (URLs, order info)
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, provider_ref)
);

CREATE TABLE sandbox_refunds (
    provider    TEXT NOT NULL,
    refund_ref  TEXT NOT NULL,
    amount      BIGINT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (provider, refund_ref)
);
