using Outlay.ServiceDefaults.Data;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.ServiceDefaults.Tests.Data;

public sealed class ConventionAndValidationTests
{
    [Theory]
    [InlineData("Accounts", "accounts")]
    [InlineData("NormalizedEmail", "normalized_email")]
    [InlineData("IX_Accounts_NormalizedEmail", "ix_accounts_normalized_email")]
    [InlineData("PK_RefreshTokens", "pk_refresh_tokens")]
    [InlineData("HTTPRoute", "http_route")]
    [InlineData("Line2Address", "line2_address")]
    public void Names_become_snake_case(string name, string expected) => Assert.Equal(expected, ModelConventions.ToSnakeCase(name));

    [Theory]
    [InlineData("jane@example.com", true)]
    [InlineData("jane.smith+work@mail.example.org", true)]
    [InlineData("jane@localhost", false)]
    [InlineData("jane example@x.com", false)]
    [InlineData("@example.com", false)]
    [InlineData("a@b@c.com", false)]
    [InlineData("Jane <jane@example.com>", false)]
    public void Emails_are_checked_pragmatically(string email, bool valid) => Assert.Equal(valid, ValidationErrors.IsEmail(email));

    [Fact]
    public void Validation_errors_collect_every_field()
    {
        var errors = new ValidationErrors().Required("a", " ").MaxLength("b", "toolong", 3).Email("c", "nope").Required("d", "ok");
        Assert.False(errors.IsValid);
        Assert.Equal(["a", "b", "c"], errors.ToDictionary().Keys.Order());
    }
}
