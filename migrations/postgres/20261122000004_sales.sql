-- Sales: server-side carts, orders and their line snapshots.

CREATE TABLE carts (
    id          UUID PRIMARY KEY,
    user_id     UUID NOT NULL UNIQUE,
    coupon_code TEXT,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX carts_updated ON carts (updated_at);

CREATE TABLE cart_items (
    id          UUID PRIMARY KEY,
    cart_id     UUID NOT NULL REFERENCES carts (id) ON DELETE CASCADE,
    variant_id  UUID NOT NULL,
    quantity    BIGINT NOT NULL CHECK (quantity > 0),
    created_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (cart_id, variant_id)
);

CREATE TABLE orders (
    id                UUID PRIMARY KEY,
    order_code        TEXT NOT NULL UNIQUE,
    user_id           UUID NOT NULL,
    status            TEXT NOT NULL,
    payment_method    TEXT NOT NULL,
    payment_status    TEXT NOT NULL,
    subtotal          BIGINT NOT NULL,
    discount_amount   BIGINT NOT NULL,
    shipping_fee      BIGINT NOT NULL,
    total             BIGINT NOT NULL CHECK (total >= 0),
    shipping_address  JSONB NOT NULL,
    note              TEXT,
    internal_note     TEXT,
    coupon_code       TEXT,
    tracking_code     TEXT,
    payment_url       TEXT,
    qr_payload        TEXT,
    cancel_reason     TEXT,
    expires_at        TIMESTAMPTZ,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    paid_at           TIMESTAMPTZ,
    confirmed_at      TIMESTAMPTZ,
    shipped_at        TIMESTAMPTZ,
    delivered_at      TIMESTAMPTZ,
    cancelled_at      TIMESTAMPTZ
);
CREATE INDEX orders_user ON orders (user_id, id);
CREATE INDEX orders_status ON orders (status, id);

CREATE TABLE order_items (
    id            UUID PRIMARY KEY,
    order_id      UUID NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id    UUID NOT NULL,
    variant_id    UUID NOT NULL,
    product_name  TEXT NOT NULL,
    variant_name  TEXT NOT NULL,
    sku           TEXT NOT NULL,
    unit_price    BIGINT NOT NULL,
    quantity      BIGINT NOT NULL CHECK (quantity > 0),
    total         BIGINT NOT NULL
);
CREATE INDEX order_items_order ON order_items (order_id);
