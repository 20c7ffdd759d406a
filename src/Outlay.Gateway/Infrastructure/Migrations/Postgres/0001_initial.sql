-- Gateway 0001: the admin API's runtime changes per cluster (canary split, weights, drains), shared by replicas (PostgreSQL).
CREATE TABLE cluster_overrides (
    cluster_id character varying(200) NOT NULL,
    document text NOT NULL,
    revision bigint NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_cluster_overrides PRIMARY KEY (cluster_id)
);

CREATE UNIQUE INDEX ix_cluster_overrides_revision ON cluster_overrides (revision);
