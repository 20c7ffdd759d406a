-- Identity 0001: accounts, contact emails, refresh tokens, signing keys (SQLite).
CREATE TABLE accounts (
    id TEXT NOT NULL CONSTRAINT pk_accounts PRIMARY KEY,
    email TEXT NOT NULL,
    normalized_email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    first_name TEXT NOT NULL,
    last_name TEXT NOT NULL,
    normalized_name TEXT NOT NULL,
    roles TEXT NOT NULL,
    delivery_street TEXT NULL,
    delivery_city TEXT NULL,
    delivery_state TEXT NULL,
    delivery_postal_code TEXT NULL,
    delivery_country TEXT NULL,
    phone_number TEXT NULL,
    failed_login_count INTEGER NOT NULL,
    lockout_count INTEGER NOT NULL,
    locked_until TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
);

CREATE TABLE signing_keys (
    id TEXT NOT NULL CONSTRAINT pk_signing_keys PRIMARY KEY,
    private_key_pem TEXT NOT NULL,
    created_at TEXT NOT NULL,
    retired_at TEXT NULL,
    published_until TEXT NULL
);

CREATE TABLE account_emails (
    id TEXT NOT NULL CONSTRAINT pk_account_emails PRIMARY KEY,
    account_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    email TEXT NOT NULL,
    normalized_email TEXT NOT NULL,
    CONSTRAINT fk_account_emails_accounts_account_id FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
);

CREATE TABLE refresh_tokens (
    id TEXT NOT NULL CONSTRAINT pk_refresh_tokens PRIMARY KEY,
    account_id TEXT NOT NULL,
    family_id TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT NULL,
    revoked_at TEXT NULL,
    CONSTRAINT fk_refresh_tokens_accounts_account_id FOREIGN KEY (account_id) REFERENCES accounts (id) ON DELETE CASCADE
);

CREATE INDEX ix_account_emails_account_id_position ON account_emails (account_id, position);

CREATE UNIQUE INDEX ix_account_emails_normalized_email ON account_emails (normalized_email);

CREATE INDEX ix_accounts_created_at ON accounts (created_at);

CREATE UNIQUE INDEX ix_accounts_normalized_email ON accounts (normalized_email);

CREATE INDEX ix_refresh_tokens_account_id ON refresh_tokens (account_id);

CREATE INDEX ix_refresh_tokens_family_id ON refresh_tokens (family_id);

CREATE UNIQUE INDEX ix_refresh_tokens_token_hash ON refresh_tokens (token_hash);

