-- Catalog: category tree, brands, products and their variants (the stock lives on variants).

CREATE TABLE categories (
    id           BLOB PRIMARY KEY,
    parent_id    BLOB REFERENCES categories (id),
    name         TEXT NOT NULL,
    slug         TEXT NOT NULL UNIQUE,
    description  TEXT,
    image_url    TEXT,
    sort_order   INTEGER NOT NULL DEFAULT 0,
    is_active    INTEGER NOT NULL DEFAULT 1,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE brands (
    id           BLOB PRIMARY KEY,
    name         TEXT NOT NULL,
    slug         TEXT NOT NULL UNIQUE,
    description  TEXT,
    logo_url     TEXT,
    sort_order   INTEGER NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE products (
    id                 BLOB PRIMARY KEY,
    category_id        BLOB NOT NULL REFERENCES categories (id),
    brand_id           BLOB REFERENCES brands (id),
    name               TEXT NOT NULL,
    slug               TEXT NOT NULL UNIQUE,
    short_description  TEXT,
    description        TEXT,
    specs              TEXT NOT NULL,
    image_urls         TEXT NOT NULL,
    status             TEXT NOT NULL DEFAULT 'active',   -- draft | active | archived
    is_featured        INTEGER NOT NULL DEFAULT 0,
    -- Denormalised from the variants so lists sort and filter without a join.
    price              INTEGER NOT NULL DEFAULT 0,
    sale_price         INTEGER,
    effective_price    INTEGER NOT NULL DEFAULT 0,
    in_stock           INTEGER NOT NULL DEFAULT 0,
    avg_rating         INTEGER NOT NULL DEFAULT 0,          -- hundredths of a star: 450 = 4.5
    review_count       INTEGER NOT NULL DEFAULT 0,
    sold_count         INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
CREATE INDEX products_category ON products (category_id, status);
CREATE INDEX products_brand ON products (brand_id, status);
CREATE INDEX products_price ON products (status, effective_price, id);
CREATE INDEX products_sold ON products (status, sold_count, id);
CREATE INDEX products_rating ON products (status, avg_rating, id);

CREATE TABLE product_variants (
    id              BLOB PRIMARY KEY,
    product_id      BLOB NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    name            TEXT NOT NULL,
    sku             TEXT NOT NULL UNIQUE,
    price           INTEGER NOT NULL CHECK (price > 0),
    sale_price      INTEGER CHECK (sale_price > 0),
    stock_quantity  INTEGER NOT NULL CHECK (stock_quantity >= 0),
    attributes      TEXT NOT NULL,
    is_active       INTEGER NOT NULL DEFAULT 1,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX product_variants_product ON product_variants (product_id);
