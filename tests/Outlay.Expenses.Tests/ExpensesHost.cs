using Outlay.Expenses.Infrastructure;
using Outlay.ServiceDefaults.Data;
using Outlay.Testing;

namespace Outlay.Expenses.Tests;

/// <summary>One running Expenses service per test class and provider, on its own throw-away database.</summary>
public abstract class ExpensesHost(DatabaseProvider provider) : ServiceHost<Program, ExpensesDbContext>(provider, "expenses")
{
    public TestTokens Tokens { get; } = new();

    protected override ServiceFactory<Program> CreateFactory(TestDatabase database) => new(database, new Dictionary<string, string?>
    {
        ["Outlay:Http:MaxRequestBodyBytes"] = "262144",
        ["Expenses:GaugeRefreshInterval"] = "00:00:00.200",
    }, Tokens);

    public HttpClient As(TestUser user) => WithToken(user.Token);

    public TestUser NewUser(params string[] extraRoles)
    {
        var id = Guid.NewGuid();
        var email = $"user-{id:N}@example.com";
        return new TestUser(id, email, Tokens.Issue(id, email, extraRoles));
    }
}

public sealed record TestUser(Guid Id, string Email, string Token);

public sealed class SqliteExpenses() : ExpensesHost(DatabaseProvider.Sqlite);

public sealed class PostgresExpenses() : ExpensesHost(DatabaseProvider.Postgres);
