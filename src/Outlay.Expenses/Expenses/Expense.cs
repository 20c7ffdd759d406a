using System.Security.Cryptography;
using System.Text;

using Outlay.Expenses.Money;
using Outlay.ServiceDefaults.Money;

namespace Outlay.Expenses.Expenses;

/// <summary>One thing a user paid for. Only its owner ever sees it, whatever roles anyone holds.</summary>
public sealed class Expense
{
    public Guid Id { get; set; } = Guid.NewGuid();
    public Guid OwnerId { get; set; }
    public Guid CategoryId { get; set; }

    public decimal Amount { get; private set; }

    /// <summary><see cref="Amount"/> in ten-thousandths: exact sums, sorting and ranges on SQLite as on PostgreSQL.</summary>
    public long AmountUnits { get; private set; }

    public string Currency { get; private set; } = "";

    /// <summary>A calendar date in the user's own reckoning; it has no time zone.</summary>
    public DateOnly SpentOn { get; set; }

    public string Description { get; set; } = "";
    public string? Merchant { get; set; }
    public string? Notes { get; set; }

    /// <summary>Tags, lower-cased, sorted, joined by commas; the rows in <see cref="TagRows"/> make them searchable.</summary>
    public string Tags { get; private set; } = "";

    public List<ExpenseTag> TagRows { get; private set; } = [];

    /// <summary>Upper-cased description, merchant and notes, for case-insensitive search on both providers.</summary>
    public string SearchText { get; private set; } = "";

    /// <summary>Hash of date, amount, currency, description and merchant: how an import recognises a row it already has.</summary>
    public string Fingerprint { get; private set; } = "";

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int Version { get; set; }

    public string ETag => $"\"{Version}\"";

    public IReadOnlyList<string> TagList => Tags.Length == 0 ? [] : Tags.Split(',');

    public void SetAmount(decimal amount, string currency)
    {
        Amount = amount;
        Currency = currency;
        AmountUnits = MoneyUnits.ToUnits(amount);
    }

    public void SetTags(IEnumerable<string> tags)
    {
        var set = tags.Order(StringComparer.Ordinal).Distinct().ToList();
        Tags = string.Join(',', set);
        TagRows.RemoveAll(row => !set.Contains(row.Tag));
        TagRows.AddRange(set.Where(tag => TagRows.All(row => row.Tag != tag)).Select(tag => new ExpenseTag { ExpenseId = Id, Tag = tag }));
    }

    /// <summary>Recomputes the derived columns; call after every change.</summary>
    public void Touch(DateTime now)
    {
        SearchText = string.Join('\n', Description, Merchant ?? "", Notes ?? "").ToUpperInvariant();
        Fingerprint = FingerprintOf(SpentOn, Amount, Currency, Description, Merchant);
        UpdatedAt = now;
        Version++;
    }

    public static string FingerprintOf(DateOnly spentOn, decimal amount, string currency, string description, string? merchant)
    {
        var text = string.Join('\u001f', spentOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            MoneyUnits.ToUnits(amount).ToString(System.Globalization.CultureInfo.InvariantCulture), currency,
            description.Trim().ToUpperInvariant(), (merchant ?? "").Trim().ToUpperInvariant());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}

/// <summary>One tag of one expense, so that "expenses tagged X" is an indexed lookup.</summary>
public sealed class ExpenseTag
{
    public Guid ExpenseId { get; set; }
    public required string Tag { get; set; }
}
