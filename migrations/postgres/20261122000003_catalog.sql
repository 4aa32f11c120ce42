-- Catalog: category tree, brands, products and their variants (the stock lives on variants).

CREATE TABLE categories (
    id           UUID PRIMARY KEY,
    parent_id    UUID REFERENCES categories (id),
    name         TEXT NOT NULL,
    slug         TEXT NOT NULL UNIQUE,
    description  TEXT,
    image_url    TEXT,
    sort_order   BIGINT NOT NULL DEFAULT 0,
    is_active    BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE brands (
    id           UUID PRIMARY KEY,
    name         TEXT NOT NULL,
    slug         TEXT NOT NULL UNIQUE,
    description  TEXT,
    logo_url     TEXT,
    sort_order   BIGINT NOT NULL DEFAULT 0,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE products (
    id                 UUID PRIMARY KEY,
    category_id        UUID NOT NULL REFERENCES categories (id),
    brand_id           UUID REFERENCES brands (id),
    name               TEXT NOT NULL,
    slug               TEXT NOT NULL UNIQUE,
    short_description  TEXT,
    description        TEXT,
    specs              JSONB NOT NULL,
    image_urls         JSONB NOT NULL,
    status             TEXT NOT NULL DEFAULT 'active',   -- draft | active | archived
    is_featured        BOOLEAN NOT NULL DEFAULT FALSE,
    -- Denormalised from the variants so lists sort and filter without a join.
    price              BIGINT NOT NULL DEFAULT 0,
    sale_price         BIGINT,
    effective_price    BIGINT NOT NULL DEFAULT 0,
    in_stock           BOOLEAN NOT NULL DEFAULT FALSE,
    avg_rating         BIGINT NOT NULL DEFAULT 0,          -- hundredths of a star: 450 = 4.5
    review_count       BIGINT NOT NULL DEFAULT 0,
    sold_count         BIGINT NOT NULL DEFAULT 0,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX products_category ON products (category_id, status);
CREATE INDEX products_brand ON products (brand_id, status);
CREATE INDEX products_price ON products (status, effective_price, id);
CREATE INDEX products_sold ON products (status, sold_count, id);
CREATE INDEX products_rating ON products (status, avg_rating, id);

CREATE TABLE product_variants (
    id              UUID PRIMARY KEY,
    product_id      UUID NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    sku             TEXT NOT NULL UNIQUE,
    price           BIGINT NOT NULL CHECK (price > 0),
    sale_price      BIGINT CHECK (sale_price > 0),
    stock_quantity  BIGINT NOT NULL CHECK (stock_quantity >= 0),
    attributes      JSONB NOT NULL,
    is_active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX product_variants_product ON product_variants (product_id);
