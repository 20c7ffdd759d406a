CREATE TABLE deposits (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL,
    amount INTEGER NOT NULL,
    sequence INTEGER NOT NULL
);
CREATE TABLE applied_deposits (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL,
    account TEXT NOT NULL,
    amount INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    applied_at TEXT NOT NULL
);
CREATE INDEX ix_applied_deposits_account ON applied_deposits (account, id);
CREATE TABLE poisoned_accounts (account TEXT NOT NULL PRIMARY KEY);
