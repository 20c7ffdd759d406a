-- Catalog 0001: categories, products with their stock, and the reservations held for orders (PostgreSQL).
CREATE TABLE categories (
    id uuid NOT NULL,
    name character varying(100) NOT NULL,
    normalized_name character varying(100) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_categories PRIMARY KEY (id)
);

CREATE TABLE products (
    id uuid NOT NULL,
    name character varying(200) NOT NULL,
    normalized_name character varying(200) NOT NULL,
    description character varying(2000) NOT NULL,
    search_text character varying(2201) NOT NULL,
    price numeric(18,4) NOT NULL,
    price_units bigint NOT NULL,
    currency character varying(3) NOT NULL,
    quantity_on_hand integer NOT NULL,
    reserved integer NOT NULL,
    image_url character varying(2000),
    retired boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version bigint NOT NULL,
    CONSTRAINT pk_products PRIMARY KEY (id),
    CONSTRAINT ck_products_stock CHECK (reserved >= 0 AND reserved <= quantity_on_hand)
);

CREATE TABLE product_categories (
    product_id uuid NOT NULL,
    category_id uuid NOT NULL,
    CONSTRAINT pk_product_categories PRIMARY KEY (product_id, category_id),
    CONSTRAINT fk_product_categories_categories_category_id FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE RESTRICT,
    CONSTRAINT fk_product_categories_products_product_id FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE
);

CREATE TABLE reservations (
    order_id uuid NOT NULL,
    status character varying(30) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_reservations PRIMARY KEY (order_id)
);

CREATE TABLE reservation_lines (
    order_id uuid NOT NULL,
    product_id uuid NOT NULL,
    quantity integer NOT NULL,
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
