-- Lines of the shop's bank statement, as a bank-statement service (SePay)
-- reports them: each recorded once, matched to a VietQR payment by the order
-- code in its content and its amount, or left for staff to review.

CREATE TABLE bank_transfers (
    id              BLOB PRIMARY KEY,
    source          TEXT NOT NULL,            -- sepay
    external_id     TEXT NOT NULL,            -- the source's id: deliveries are deduplicated on it
    bank            TEXT NOT NULL,
    account_number  TEXT NOT NULL,
    direction       TEXT NOT NULL,            -- in | out
    amount          INTEGER NOT NULL,
    content         TEXT NOT NULL,
    reference_code  TEXT,
    transferred_at  TEXT NOT NULL,            -- the bank's local time, as reported
    status          TEXT NOT NULL,            -- applied | review | ignored | dismissed
    reason          TEXT,
    order_code      TEXT,
    payment_id      BLOB,
    payload         TEXT NOT NULL,
    resolved_by     BLOB,
    resolved_at     TEXT,
    resolution_note TEXT,
    created_at      TEXT NOT NULL,
    UNIQUE (source, external_id)
);
CREATE INDEX bank_transfers_status ON bank_transfers (status, created_at);
