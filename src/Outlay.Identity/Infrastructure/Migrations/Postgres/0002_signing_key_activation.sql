-- Identity 0002: rotated-in signing keys are published before they sign (PostgreSQL).
ALTER TABLE signing_keys ADD COLUMN activates_at timestamp with time zone NOT NULL DEFAULT '-infinity';
UPDATE signing_keys SET activates_at = created_at;
ALTER TABLE signing_keys ALTER COLUMN activates_at DROP DEFAULT;
