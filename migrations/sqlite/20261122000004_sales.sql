-- Sales: server-side carts, orders and their line snapshots.

CREATE TABLE carts (
    id          BLOB PRIMARY KEY,
    user_id     BLOB NOT NULL UNIQUE,
    coupon_code TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX carts_updated ON carts (updated_at);

CREATE TABLE cart_items (
    id          BLOB PRIMARY KEY,
    cart_id     BLOB NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    variant_id  BLOB NOT NULL,
    quantity    INTEGER NOT NULL CHECK (quantity > 0),
    created_at  TEXT NOT NULL,
    UNIQUE (cart_id, variant_id)
);

CREATE TABLE orders (
    id                BLOB PRIMARY KEY,
    order_code        TEXT NOT NULL UNIQUE,
    user_id           BLOB NOT NULL,
    status            TEXT NOT NULL,
    payment_method    TEXT NOT NULL,
    payment_status    TEXT NOT NULL,
    subtotal          INTEGER NOT NULL,
    discount_amount   INTEGER NOT NULL,
    shipping_fee      INTEGER NOT NULL,
    total             INTEGER NOT NULL CHECK (total >= 0),
    shipping_address  TEXT NOT NULL,
    note              TEXT,
    internal_note     TEXT,
    coupon_code       TEXT,
    tracking_code     TEXT,
    payment_url       TEXT,
    qr_payload        TEXT,
    cancel_reason     TEXT,
    expires_at        TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    paid_at           TEXT,
    confirmed_at      TEXT,
    shipped_at        TEXT,
    delivered_at      TEXT,
    cancelled_at      TEXT
);
CREATE INDEX orders_user ON orders (user_id, id);
CREATE INDEX orders_status ON orders (status, id);

CREATE TABLE order_items (
    id            BLOB PRIMARY KEY,
    order_id      BLOB NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id    BLOB NOT NULL,
    variant_id    BLOB NOT NULL,
    product_name  TEXT NOT NULL,
    variant_name  TEXT NOT NULL,
    sku           TEXT NOT NULL,
    unit_price    INTEGER NOT NULL,
    quantity      INTEGER NOT NULL CHECK (quantity > 0),
    total         INTEGER NOT NULL
);
CREATE INDEX order_items_order ON order_items (order_id);
