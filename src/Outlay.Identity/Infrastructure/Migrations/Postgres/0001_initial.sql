-- Identity 0001: accounts, contact emails, refresh tokens, signing keys (PostgreSQL).
CREATE TABLE accounts (
    id uuid NOT NULL,
    email character varying(254) NOT NULL,
    normalized_email character varying(254) NOT NULL,
    password_hash character varying(512) NOT NULL,
    first_name character varying(100) NOT NULL,
    last_name character varying(100) NOT NULL,
    normalized_name character varying(201) NOT NULL,
    roles character varying(100) NOT NULL,
    delivery_street character varying(200),
    delivery_city character varying(100),
    delivery_state character varying(100),
    delivery_postal_code character varying(20),
    delivery_country character varying(100),
    phone_number character varying(15),
    failed_login_count integer NOT NULL,
    lockout_count integer NOT NULL,
    locked_until timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_accounts PRIMARY KEY (id)
);

CREATE TABLE signing_keys (
    id character varying(64) NOT NULL,
    private_key_pem text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    retired_at timestamp with time zone,
    published_until timestamp with time zone,
    CONSTRAINT pk_signing_keys PRIMARY KEY (id)
);

CREATE TABLE account_emails (
    id uuid NOT NULL,
    account_id uuid NOT NULL,
    position integer NOT NULL,
    email character varying(254) NOT NULL,
    normalized_email character varying(254) NOT NULL,
    CONSTRAINT pk_account_emails PRIMARY KEY (id),
    CONSTRAINT fk_account_emails_accounts_account_id FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
);

CREATE TABLE refresh_tokens (
    id uuid NOT NULL,
    account_id uuid NOT NULL,
    family_id uuid NOT NULL,
    token_hash character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    used_at timestamp with time zone,
    revoked_at timestamp with time zone,
    CONSTRAINT pk_refresh_tokens PRIMARY KEY (id),
    CONSTRAINT fk_refresh_tokens_accounts_account_id FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
);

CREATE INDEX ix_account_emails_account_id_position ON account_emails (account_id, position);

CREATE UNIQUE INDEX ix_account_emails_normalized_email ON account_emails (normalized_email);

CREATE INDEX ix_accounts_created_at ON accounts (created_at);

CREATE UNIQUE INDEX ix_accounts_normalized_email ON accounts (normalized_email);

CREATE INDEX ix_refresh_tokens_account_id ON refresh_tokens (account_id);

CREATE INDEX ix_refresh_tokens_family_id ON refresh_tokens (family_id);

CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON refresh_tokens (token_hash);

