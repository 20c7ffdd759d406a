namespace Outlay.ServiceDefaults.Data;

/// <summary>LIKE patterns from user text, with the wildcards escaped; pass <see cref="EscapeCharacter"/> to LIKE as its escape character.</summary>
public static class LikePattern
{
    public const string EscapeCharacter = "\\";

    public static string Contains(string text) => "%" + EscapeWildcards(text) + "%";

    public static string EscapeWildcards(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
