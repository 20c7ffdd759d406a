namespace Outlay.Identity.Accounts;

/// <summary>
/// NIST SP 800-63B style: length is what matters. At least 12 and at most 128 characters, not the email
/// itself, and not a single repeated character. No composition rules, which only push people to patterns.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 128;

    public static string? Check(string? password, string? email)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "A password is required.";
        }

        if (password.Length < MinimumLength)
        {
            return $"The password must have at least {MinimumLength} characters.";
        }

        if (password.Length > MaximumLength)
        {
            return $"The password must have at most {MaximumLength} characters.";
        }

        if (password.Distinct().Count() == 1)
        {
            return "The password must not be one repeated character.";
        }

        if (email is not null && string.Equals(password.Trim(), email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return "The password must not be the email address.";
        }

        return null;
    }
}
