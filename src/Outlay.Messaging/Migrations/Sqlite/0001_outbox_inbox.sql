-- Messaging 0001: the outbox (events waiting for the broker), the inbox (deliveries already applied), and the
-- relay lease that lets one replica at a time send, in order (SQLite).
CREATE TABLE outbox_messages (
    sequence INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    message_id TEXT NOT NULL,
    type TEXT NOT NULL,
    payload TEXT NOT NULL,
    headers TEXT NOT NULL,
    aggregate_key TEXT NULL,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    sent_at TEXT NULL,
    last_error TEXT NULL
);
CREATE UNIQUE INDEX ix_outbox_messages_message_id ON outbox_messages (message_id);
CREATE INDEX ix_outbox_messages_unsent ON outbox_messages (sequence) WHERE sent_at IS NULL;
CREATE INDEX ix_outbox_messages_sent_at ON outbox_messages (sent_at) WHERE sent_at IS NOT NULL;

CREATE TABLE inbox_messages (
    message_id TEXT NOT NULL,
    consumer TEXT NOT NULL,
    message_type TEXT NOT NULL,
    processed_at TEXT NOT NULL,
    CONSTRAINT pk_inbox_messages PRIMARY KEY (message_id, consumer)
);
CREATE INDEX ix_inbox_messages_processed_at ON inbox_messages (processed_at);

CREATE TABLE outbox_relay_lease (
    id INTEGER NOT NULL PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
INSERT INTO outbox_relay_lease (id, holder, expires_at) VALUES (1, '', '0001-01-01 00:00:00');
