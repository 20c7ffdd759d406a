-- Catalog 0001: categories, products with their stock, and the reservations held for orders (SQLite).
CREATE TABLE categories (
    id TEXT NOT NULL CONSTRAINT pk_categories PRIMARY KEY,
    name TEXT NOT NULL,
    normalized_name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE products (
    id TEXT NOT NULL CONSTRAINT pk_products PRIMARY KEY,
    name TEXT NOT NULL,
    normalized_name TEXT NOT NULL,
    description TEXT NOT NULL,
    search_text TEXT NOT NULL,
    price TEXT NOT NULL,
    price_units INTEGER NOT NULL,
    currency TEXT NOT NULL,
    quantity_on_hand INTEGER NOT NULL,
    reserved INTEGER NOT NULL,
    image_url TEXT NULL,
    retired INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    CONSTRAINT ck_products_stock CHECK (reserved >= 0 AND reserved <= quantity_on_hand)
);

CREATE TABLE product_categories (
    product_id TEXT NOT NULL,
    category_id TEXT NOT NULL,
    CONSTRAINT pk_product_categories PRIMARY KEY (product_id, category_id),
    CONSTRAINT fk_product_categories_categories_category_id FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE RESTRICT,
    CONSTRAINT fk_product_categories_products_product_id FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
);

CREATE TABLE reservations (
    order_id TEXT NOT NULL CONSTRAINT pk_reservations PRIMARY KEY,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE reservation_lines (
    order_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    CONSTRAINT pk_reservation_lines PRIMARY KEY (order_id, product_id),
    CONSTRAINT fk_reservation_lines_reservations_order_id FOREIGN KEY (order_id) REFERENCES reservations (order_id) ON DELETE CASCADE
);

CREATE UNIQUE INDEX ix_categories_normalized_name ON categories (normalized_name);

CREATE INDEX ix_product_categories_category_id ON product_categories (category_id);

CREATE INDEX ix_products_created_at ON products (created_at);

CREATE UNIQUE INDEX ix_products_normalized_name ON products (normalized_name);

CREATE INDEX ix_products_price_units ON products (price_units);

CREATE INDEX ix_reservation_lines_product_id ON reservation_lines (product_id);

CREATE INDEX ix_reservations_status ON reservations (status);
