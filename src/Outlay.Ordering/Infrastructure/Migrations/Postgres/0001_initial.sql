-- Ordering 0001: orders and their lines, and the replicas of Catalog's products and Identity's profiles (PostgreSQL).
CREATE TABLE orders (
    id uuid NOT NULL,
    buyer_id uuid NOT NULL,
    status character varying(20) NOT NULL,
    currency character varying(3) NOT NULL,
    total numeric(18,4) NOT NULL,
    emails character varying(2550) NOT NULL,
    delivery_street character varying(200) NOT NULL,
    delivery_city character varying(100) NOT NULL,
    delivery_state character varying(100) NOT NULL,
    delivery_postal_code character varying(20) NOT NULL,
    delivery_country character varying(100) NOT NULL,
    contact_profile_version integer NOT NULL,
    rejection character varying(20000),
    cancel_reason character varying(500),
    idempotency_key character varying(200),
    request_hash character varying(64),
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    decided_at timestamp with time zone,
    version bigint NOT NULL,
    CONSTRAINT pk_orders PRIMARY KEY (id)
);

CREATE TABLE order_lines (
    order_id uuid NOT NULL,
    product_id uuid NOT NULL,
    product_name character varying(200) NOT NULL,
    quantity integer NOT NULL,
    unit_price numeric(18,4) NOT NULL,
    CONSTRAINT pk_order_lines PRIMARY KEY (order_id, product_id),
    CONSTRAINT fk_order_lines_orders_order_id FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE
);

CREATE TABLE product_replicas (
    product_id uuid NOT NULL,
    version bigint NOT NULL,
    name character varying(200) NOT NULL,
    price numeric(18,4) NOT NULL,
    currency character varying(3) NOT NULL,
    quantity_available integer NOT NULL,
    retired boolean NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_product_replicas PRIMARY KEY (product_id)
);

CREATE TABLE buyers (
    user_id uuid NOT NULL,
    profile_version integer NOT NULL,
    emails character varying(2550) NOT NULL,
    delivery_street character varying(200),
    delivery_city character varying(100),
    delivery_state character varying(100),
    delivery_postal_code character varying(20),
    delivery_country character varying(100),
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_buyers PRIMARY KEY (user_id)
);

CREATE INDEX ix_orders_buyer_id_created_at ON orders (buyer_id, created_at);

CREATE UNIQUE INDEX ix_orders_buyer_id_idempotency_key ON orders (buyer_id, idempotency_key);

CREATE INDEX ix_orders_status_created_at ON orders (status, created_at);
