-- Ordering 0001: orders and their lines, and the replicas of Catalog's products and Identity's profiles (SQLite).
CREATE TABLE orders (
    id TEXT NOT NULL CONSTRAINT pk_orders PRIMARY KEY,
    buyer_id TEXT NOT NULL,
    status TEXT NOT NULL,
    currency TEXT NOT NULL,
    total TEXT NOT NULL,
    emails TEXT NOT NULL,
    delivery_street TEXT NOT NULL,
    delivery_city TEXT NOT NULL,
    delivery_state TEXT NOT NULL,
    delivery_postal_code TEXT NOT NULL,
    delivery_country TEXT NOT NULL,
    contact_profile_version INTEGER NOT NULL,
    rejection TEXT NULL,
    cancel_reason TEXT NULL,
    idempotency_key TEXT NULL,
    request_hash TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    decided_at TEXT NULL,
    version INTEGER NOT NULL
);

CREATE TABLE order_lines (
    order_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    product_name TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    unit_price TEXT NOT NULL,
    CONSTRAINT pk_order_lines PRIMARY KEY (order_id, product_id),
    CONSTRAINT fk_order_lines_orders_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
);

CREATE TABLE product_replicas (
    product_id TEXT NOT NULL CONSTRAINT pk_product_replicas PRIMARY KEY,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    price TEXT NOT NULL,
    currency TEXT NOT NULL,
    quantity_available INTEGER NOT NULL,
    retired INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE buyers (
    user_id TEXT NOT NULL CONSTRAINT pk_buyers PRIMARY KEY,
    profile_version INTEGER NOT NULL,
    emails TEXT NOT NULL,
    delivery_street TEXT NULL,
    delivery_city TEXT NULL,
    delivery_state TEXT NULL,
    delivery_postal_code TEXT NULL,
    delivery_country TEXT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX ix_orders_buyer_id_created_at ON orders (buyer_id, created_at);

CREATE UNIQUE INDEX ix_orders_buyer_id_idempotency_key ON orders (buyer_id, idempotency_key);

CREATE INDEX ix_orders_status_created_at ON orders (status, created_at);
