-- Expenses 0001: settings, categories, expenses with tags, summary rollups, budgets, claims, submitter profiles (PostgreSQL).
-- The outbox and inbox tables come from the messaging migrations.
CREATE TABLE categories (
    id uuid NOT NULL,
    owner_id uuid,
    key character varying(40),
    name character varying(60) NOT NULL,
    normalized_name character varying(60) NOT NULL,
    archived_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_categories PRIMARY KEY (id)
);

CREATE TABLE category_month_totals (
    user_id uuid NOT NULL,
    month integer NOT NULL,
    category_id uuid NOT NULL,
    currency character varying(3) NOT NULL,
    total_units bigint NOT NULL,
    entry_count integer NOT NULL,
    CONSTRAINT pk_category_month_totals PRIMARY KEY (user_id, month, category_id, currency)
);

CREATE TABLE claims (
    id uuid NOT NULL,
    submitter_id uuid NOT NULL,
    submitter_name character varying(200) NOT NULL,
    submitter_email character varying(254) NOT NULL,
    contact_from_profile boolean NOT NULL,
    category character varying(60) NOT NULL,
    normalized_category character varying(60) NOT NULL,
    description character varying(1000) NOT NULL,
    link character varying(2000),
    estimated_cost numeric(19,4) NOT NULL,
    currency character varying(3) NOT NULL,
    submitted_on date NOT NULL,
    status character varying(16) NOT NULL,
    decided_at timestamp with time zone,
    decided_on date,
    decided_by_id uuid,
    decided_by_name character varying(200),
    decision_comment character varying(1000),
    reimbursed_at timestamp with time zone,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_claims PRIMARY KEY (id)
);

CREATE TABLE submitter_profiles (
    user_id uuid NOT NULL,
    profile_version integer NOT NULL,
    name character varying(200) NOT NULL,
    email character varying(254) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_submitter_profiles PRIMARY KEY (user_id)
);

CREATE TABLE tag_month_totals (
    user_id uuid NOT NULL,
    month integer NOT NULL,
    tag character varying(32) NOT NULL,
    currency character varying(3) NOT NULL,
    total_units bigint NOT NULL,
    entry_count integer NOT NULL,
    CONSTRAINT pk_tag_month_totals PRIMARY KEY (user_id, month, tag, currency)
);

CREATE TABLE user_settings (
    user_id uuid NOT NULL,
    currency character varying(3) NOT NULL,
    time_zone character varying(64) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_user_settings PRIMARY KEY (user_id)
);

CREATE TABLE budgets (
    id uuid NOT NULL,
    owner_id uuid NOT NULL,
    category_id uuid NOT NULL,
    currency character varying(3) NOT NULL,
    monthly_limit numeric(19,4) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_budgets PRIMARY KEY (id),
    CONSTRAINT fk_budgets_categories_category_id FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE CASCADE
);

CREATE TABLE expenses (
    id uuid NOT NULL,
    owner_id uuid NOT NULL,
    category_id uuid NOT NULL,
    amount numeric(19,4) NOT NULL,
    amount_units bigint NOT NULL,
    currency character varying(3) NOT NULL,
    spent_on date NOT NULL,
    description character varying(200) NOT NULL,
    merchant character varying(120),
    notes character varying(2000),
    tags character varying(330) NOT NULL,
    search_text character varying(2322) NOT NULL,
    fingerprint character varying(32) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    version integer NOT NULL,
    CONSTRAINT pk_expenses PRIMARY KEY (id),
    CONSTRAINT fk_expenses_categories_category_id FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE RESTRICT
);

CREATE TABLE expense_tags (
    expense_id uuid NOT NULL,
    tag character varying(32) NOT NULL,
    CONSTRAINT pk_expense_tags PRIMARY KEY (expense_id, tag),
    CONSTRAINT fk_expense_tags_expenses_expense_id FOREIGN KEY (expense_id) REFERENCES expenses (id) ON DELETE CASCADE
);

CREATE INDEX ix_budgets_category_id ON budgets (category_id);

CREATE UNIQUE INDEX ix_budgets_owner_id_category_id_currency ON budgets (owner_id, category_id, currency);

CREATE UNIQUE INDEX ix_categories_key ON categories (key);

CREATE UNIQUE INDEX ix_categories_owner_id_normalized_name ON categories (owner_id, normalized_name);

CREATE INDEX ix_claims_status_created_at_id ON claims (status, created_at, id);

CREATE INDEX ix_claims_submitter_id_created_at_id ON claims (submitter_id, created_at, id);

CREATE INDEX ix_expenses_category_id ON expenses (category_id);

CREATE INDEX ix_expenses_owner_id_amount_units_id ON expenses (owner_id, amount_units, id);

CREATE INDEX ix_expenses_owner_id_category_id_spent_on ON expenses (owner_id, category_id, spent_on);

CREATE INDEX ix_expenses_owner_id_created_at_id ON expenses (owner_id, created_at, id);

CREATE INDEX ix_expenses_owner_id_fingerprint ON expenses (owner_id, fingerprint);

CREATE INDEX ix_expenses_owner_id_spent_on_id ON expenses (owner_id, spent_on, id);

-- The system categories (Outlay.Expenses.Categories.SystemCategories): fixed ids and keys.
INSERT INTO categories (id, owner_id, key, name, normalized_name, archived_at, created_at, version) VALUES
    ('00000000-0000-4000-8000-000000000001', NULL, 'food', 'Food', 'FOOD', NULL, '2026-01-01T00:00:00Z', 1),
    ('00000000-0000-4000-8000-000000000002', NULL, 'transportation', 'Transportation', 'TRANSPORTATION', NULL, '2026-01-01T00:00:00Z', 1),
    ('00000000-0000-4000-8000-000000000003', NULL, 'entertainment', 'Entertainment', 'ENTERTAINMENT', NULL, '2026-01-01T00:00:00Z', 1),
    ('00000000-0000-4000-8000-000000000004', NULL, 'housing', 'Housing', 'HOUSING', NULL, '2026-01-01T00:00:00Z', 1),
    ('00000000-0000-4000-8000-000000000005', NULL, 'utilities', 'Utilities', 'UTILITIES', NULL, '2026-01-01T00:00:00Z', 1),
    ('00000000-0000-4000-8000-000000000006', NULL, 'health', 'Health', 'HEALTH', NULL, '2026-01-01T00:00:00Z', 1),
    ('00000000-0000-4000-8000-000000000007', NULL, 'office_supplies', 'Office supplies', 'OFFICE SUPPLIES', NULL, '2026-01-01T00:00:00Z', 1),
    ('00000000-0000-4000-8000-000000000008', NULL, 'travel', 'Travel', 'TRAVEL', NULL, '2026-01-01T00:00:00Z', 1),
    ('00000000-0000-4000-8000-000000000009', NULL, 'training', 'Training', 'TRAINING', NULL, '2026-01-01T00:00:00Z', 1),
    ('00000000-0000-4000-8000-000000000010', NULL, 'other', 'Other', 'OTHER', NULL, '2026-01-01T00:00:00Z', 1);
