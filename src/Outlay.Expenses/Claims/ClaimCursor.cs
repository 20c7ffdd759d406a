using System.Globalization;
using System.Text;

using Outlay.Expenses.Expenses;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Expenses.Claims;

/// <summary>Keyset position in a claim list ordered by creation time and id.</summary>
internal readonly record struct ClaimCursor(DateTime CreatedAt, Guid Id)
{
    public string Encode() => Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{CreatedAt:O}|{Id}")))
        .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static ClaimCursor? Decode(string text)
    {
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('|');
            return parts.Length == 2
                && DateTime.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var created)
                && Guid.TryParse(parts[1], out var id)
                ? new ClaimCursor(created.ToUniversalTime(), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Validates the paging parameters, adding field errors; returns the decoded cursor.</summary>
    public static ClaimCursor? Check(string? cursor, int? limit, int maxPageSize, ValidationErrors errors)
    {
        if (limit is < 1 || limit > maxPageSize)
        {
            errors.Add("limit", $"The page size is between 1 and {maxPageSize}.");
        }

        if (cursor is null)
        {
            return null;
        }

        var position = cursor.Length <= 200 ? Decode(cursor) : null;
        if (position is null)
        {
            errors.Add("cursor", "This is not a cursor of this list; start again without it.");
        }

        return position;
    }

    public static Page<ClaimResponse> PageOf(List<Claim> rows, int size) =>
        new([.. rows.Take(size).Select(ClaimResponse.From)], rows.Count > size ? new ClaimCursor(rows[size - 1].CreatedAt, rows[size - 1].Id).Encode() : null);
}
