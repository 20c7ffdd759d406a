using Outlay.Identity.Accounts;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Identity.Profiles;

public sealed record DeliveryAddressInput(string? Street, string? City, string? State, string? PostalCode, string? Country);

/// <summary>A full replacement of the editable profile (PUT), validated as strictly as seed 003's JSON schema.</summary>
public sealed record ProfileUpdate(string? FirstName, string? LastName, IReadOnlyList<string?>? Emails, DeliveryAddressInput? DeliveryAddress, string? PhoneNumber)
{
    public const int MaxEmails = 10;

    public ValidationErrors Validate()
    {
        var errors = new ValidationErrors()
            .Required("firstName", FirstName).MaxLength("firstName", FirstName, 100)
            .Required("lastName", LastName).MaxLength("lastName", LastName, 100);
        if (Emails is null || Emails.Count == 0)
        {
            errors.Add("emails", "At least one email is required.");
        }
        else if (Emails.Count > MaxEmails)
        {
            errors.Add("emails", $"At most {MaxEmails} emails are allowed.");
        }
        else
        {
            for (var i = 0; i < Emails.Count; i++)
            {
                errors.Required($"emails[{i}]", Emails[i]).Email($"emails[{i}]", Emails[i]?.Trim());
            }

            if (Emails.Where(e => e is not null).Select(e => Account.Normalize(e!)).Distinct().Count() != Emails.Count(e => e is not null))
            {
                errors.Add("emails", "The same email is listed twice.");
            }
        }

        if (DeliveryAddress is { } address)
        {
            errors.Required("deliveryAddress.street", address.Street).MaxLength("deliveryAddress.street", address.Street, 200)
                .Required("deliveryAddress.city", address.City).MaxLength("deliveryAddress.city", address.City, 100)
                .Required("deliveryAddress.state", address.State).MaxLength("deliveryAddress.state", address.State, 100)
                .Required("deliveryAddress.postalCode", address.PostalCode).MaxLength("deliveryAddress.postalCode", address.PostalCode, 20)
                .Required("deliveryAddress.country", address.Country).MaxLength("deliveryAddress.country", address.Country, 100);
        }

        if (PhoneNumber is not null && (PhoneNumber.Length is < 10 or > 15 || !PhoneNumber.All(char.IsAsciiDigit)))
        {
            errors.Add("phoneNumber", "A phone number has 10 to 15 digits and nothing else.");
        }

        return errors;
    }

    public void ApplyTo(Account account, DateTime now)
    {
        account.FirstName = FirstName!.Trim();
        account.LastName = LastName!.Trim();
        account.PhoneNumber = PhoneNumber;
        account.DeliveryAddress = DeliveryAddress is { } a
            ? new DeliveryAddress(a.Street!.Trim(), a.City!.Trim(), a.State!.Trim(), a.PostalCode!.Trim(), a.Country!.Trim())
            : null;
        account.Emails.Clear();
        account.Emails.AddRange(Emails!.Select((email, position) => new AccountEmail
        {
            AccountId = account.Id,
            Position = position,
            Email = email!.Trim(),
            NormalizedEmail = Account.Normalize(email!),
        }));
        account.Touch(now);
    }
}

public sealed record RolesUpdate(IReadOnlyList<string?>? Roles);
