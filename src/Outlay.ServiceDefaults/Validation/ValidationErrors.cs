using System.Net.Mail;

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Outlay.ServiceDefaults.Validation;

/// <summary>
/// Collects field errors for one request so that a client learns about every wrong field at once,
/// then becomes an RFC 9457 validation problem.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public bool IsValid => errors.Count == 0;

    public ValidationErrors Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public ValidationErrors Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "This field is required.");
        }

        return this;
    }

    public ValidationErrors MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            Add(field, $"At most {max} characters are allowed.");
        }

        return this;
    }

    public ValidationErrors Email(string field, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && !IsEmail(value))
        {
            Add(field, "This is not a valid email address.");
        }

        return this;
    }

    public IDictionary<string, string[]> ToDictionary() =>
        errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);

    public ValidationProblem ToProblem(string title = "One or more fields are invalid.") =>
        TypedResults.ValidationProblem(ToDictionary(), title: title);

    /// <summary>A pragmatic address check: one @, a dotted domain, no spaces, and what MailAddress accepts.</summary>
    public static bool IsEmail(string value)
    {
        if (value.Length > 254 || value.Any(char.IsWhiteSpace))
        {
            return false;
        }

        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != value.LastIndexOf('@') || !value[(at + 1)..].Contains('.', StringComparison.Ordinal))
        {
            return false;
        }

        return MailAddress.TryCreate(value, out var parsed) && parsed.Address == value;
    }
}
