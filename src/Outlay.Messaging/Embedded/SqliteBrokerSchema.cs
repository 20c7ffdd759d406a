namespace Outlay.Messaging.Embedded;

/// <summary>
/// The broker file: subscriptions route a type to consumers, a publish writes one delivery row per
/// subscribed consumer, and a consumer claims the oldest visible row with a lease. Times are Unix milliseconds.
/// </summary>
internal static class SqliteBrokerSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS subscriptions (
            consumer TEXT NOT NULL,
            message_type TEXT NOT NULL,
            PRIMARY KEY (consumer, message_type));
        CREATE TABLE IF NOT EXISTS deliveries (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            consumer TEXT NOT NULL,
            message_id TEXT NOT NULL,
            message_type TEXT NOT NULL,
            body BLOB NOT NULL,
            headers TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            visible_at INTEGER NOT NULL,
            lease_owner TEXT NULL,
            lease_until INTEGER NULL);
        CREATE INDEX IF NOT EXISTS ix_deliveries_consumer_seq ON deliveries (consumer, seq);
        CREATE TABLE IF NOT EXISTS dead_letters (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            consumer TEXT NOT NULL,
            message_id TEXT NOT NULL,
            message_type TEXT NOT NULL,
            body BLOB NOT NULL,
            headers TEXT NOT NULL,
            attempt INTEGER NOT NULL,
            reason TEXT NOT NULL,
            dead_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_dead_letters_consumer ON dead_letters (consumer, seq);
        """;
}
