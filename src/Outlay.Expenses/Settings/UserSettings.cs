namespace Outlay.Expenses.Settings;

/// <summary>A user's preferences that change what amounts and dates mean: default currency and IANA time zone.</summary>
public sealed class UserSettings
{
    public Guid UserId { get; set; }
    public required string Currency { get; set; }
    public required string TimeZone { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    public string ETag => $"\"{Version}\"";
}

/// <summary>Settings as the API shows them, with the time zone's current date so clients see what "today" means.</summary>
public sealed record SettingsResponse(string Currency, string TimeZone, DateOnly Today, int Version);

public sealed record SettingsUpdate(string? Currency, string? TimeZone);
