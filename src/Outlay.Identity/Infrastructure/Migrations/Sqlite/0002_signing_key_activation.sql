-- Identity 0002: rotated-in signing keys are published before they sign (SQLite).
ALTER TABLE signing_keys ADD COLUMN activates_at TEXT NOT NULL DEFAULT '0001-01-01 00:00:00';
UPDATE signing_keys SET activates_at = created_at;
