-- Expenses 0001: settings, categories, expenses with tags, summary rollups, budgets, claims, submitter profiles (SQLite).
-- The outbox and inbox tables come from the messaging migrations.
CREATE TABLE categories (
    id TEXT NOT NULL CONSTRAINT pk_categories PRIMARY KEY,
    owner_id TEXT NULL,
    key TEXT NULL,
    name TEXT NOT NULL,
    normalized_name TEXT NOT NULL,
    archived_at TEXT NULL,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL
);

CREATE TABLE category_month_totals (
    user_id TEXT NOT NULL,
    month INTEGER NOT NULL,
    category_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    total_units INTEGER NOT NULL,
    entry_count INTEGER NOT NULL,
    CONSTRAINT pk_category_month_totals PRIMARY KEY (user_id, month, category_id, currency)
);

CREATE TABLE claims (
    id TEXT NOT NULL CONSTRAINT pk_claims PRIMARY KEY,
    submitter_id TEXT NOT NULL,
    submitter_name TEXT NOT NULL,
    submitter_email TEXT NOT NULL,
    contact_from_profile INTEGER NOT NULL,
    category TEXT NOT NULL,
    normalized_category TEXT NOT NULL,
    description TEXT NOT NULL,
    link TEXT NULL,
    estimated_cost TEXT NOT NULL,
    currency TEXT NOT NULL,
    submitted_on TEXT NOT NULL,
    status TEXT NOT NULL,
    decided_at TEXT NULL,
    decided_on TEXT NULL,
    decided_by_id TEXT NULL,
    decided_by_name TEXT NULL,
    decision_comment TEXT NULL,
    reimbursed_at TEXT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
);

CREATE TABLE submitter_profiles (
    user_id TEXT NOT NULL CONSTRAINT pk_submitter_profiles PRIMARY KEY,
    profile_version INTEGER NOT NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE tag_month_totals (
    user_id TEXT NOT NULL,
    month INTEGER NOT NULL,
    tag TEXT NOT NULL,
    currency TEXT NOT NULL,
    total_units INTEGER NOT NULL,
    entry_count INTEGER NOT NULL,
    CONSTRAINT pk_tag_month_totals PRIMARY KEY (user_id, month, tag, currency)
);

CREATE TABLE user_settings (
    user_id TEXT NOT NULL CONSTRAINT pk_user_settings PRIMARY KEY,
    currency TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL
);

CREATE TABLE budgets (
    id TEXT NOT NULL CONSTRAINT pk_budgets PRIMARY KEY,
    owner_id TEXT NOT NULL,
    category_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    monthly_limit TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    CONSTRAINT fk_budgets_categories_category_id FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE CASCADE
);

CREATE TABLE expenses (
    id TEXT NOT NULL CONSTRAINT pk_expenses PRIMARY KEY,
    owner_id TEXT NOT NULL,
    category_id TEXT NOT NULL,
    amount TEXT NOT NULL,
    amount_units INTEGER NOT NULL,
    currency TEXT NOT NULL,
    spent_on TEXT NOT NULL,
    description TEXT NOT NULL,
    merchant TEXT NULL,
    notes TEXT NULL,
    tags TEXT NOT NULL,
    search_text TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    CONSTRAINT fk_expenses_categories_category_id FOREIGN KEY (category_id) REFERENCES categories (id) ON DELETE RESTRICT
);

CREATE TABLE expense_tags (
    expense_id TEXT NOT NULL,
    tag TEXT NOT NULL,
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
    ('00000000-0000-4000-8000-000000000001', NULL, 'food', 'Food', 'FOOD', NULL, '2026-01-01 00:00:00', 1),
    ('00000000-0000-4000-8000-000000000002', NULL, 'transportation', 'Transportation', 'TRANSPORTATION', NULL, '2026-01-01 00:00:00', 1),
    ('00000000-0000-4000-8000-000000000003', NULL, 'entertainment', 'Entertainment', 'ENTERTAINMENT', NULL, '2026-01-01 00:00:00', 1),
    ('00000000-0000-4000-8000-000000000004', NULL, 'housing', 'Housing', 'HOUSING', NULL, '2026-01-01 00:00:00', 1),
    ('00000000-0000-4000-8000-000000000005', NULL, 'utilities', 'Utilities', 'UTILITIES', NULL, '2026-01-01 00:00:00', 1),
    ('00000000-0000-4000-8000-000000000006', NULL, 'health', 'Health', 'HEALTH', NULL, '2026-01-01 00:00:00', 1),
    ('00000000-0000-4000-8000-000000000007', NULL, 'office_supplies', 'Office supplies', 'OFFICE SUPPLIES', NULL, '2026-01-01 00:00:00', 1),
    ('00000000-0000-4000-8000-000000000008', NULL, 'travel', 'Travel', 'TRAVEL', NULL, '2026-01-01 00:00:00', 1),
    ('00000000-0000-4000-8000-000000000009', NULL, 'training', 'Training', 'TRAINING', NULL, '2026-01-01 00:00:00', 1),
    ('00000000-0000-4000-8000-000000000010', NULL, 'other', 'Other', 'OTHER', NULL, '2026-01-01 00:00:00', 1);
