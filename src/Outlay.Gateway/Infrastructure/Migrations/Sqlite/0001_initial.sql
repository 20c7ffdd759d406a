-- Gateway 0001: the admin API's runtime changes per cluster (canary split, weights, drains), shared by replicas (SQLite).
CREATE TABLE cluster_overrides (
    cluster_id TEXT NOT NULL CONSTRAINT pk_cluster_overrides PRIMARY KEY,
    document TEXT NOT NULL,
    revision INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE UNIQUE INDEX ix_cluster_overrides_revision ON cluster_overrides (revision);
