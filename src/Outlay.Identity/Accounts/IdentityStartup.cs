using System.Security.Cryptography;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

using Outlay.Identity.Infrastructure;
using Outlay.Identity.Tokens;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Data;

namespace Outlay.Identity.Accounts;

/// <summary>
/// After the migrations: makes sure a signing key exists and, when no admin exists yet, creates one from
/// configuration or with a generated password printed once. There is no built-in default password.
/// </summary>
internal sealed partial class IdentityStartup(IServiceScopeFactory scopes, SigningKeyStore keys, IOptions<IdentityOptions> options, ILogger<IdentityStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await keys.EnsureCurrentKeyAsync(cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        // Replicas start together: one at a time checks and creates, so the second finds the first one's admin
        // instead of failing on the unique email.
        await using var transaction = await db.Database.BeginExclusiveTransactionAsync("identity.first-admin", cancellationToken);
        var adminRole = OutlayRoles.Admin;
        if (await db.Accounts.AnyAsync(a => EF.Functions.Like(" " + a.Roles + " ", "% " + adminRole + " %"), cancellationToken))
        {
            return;
        }

        var admin = options.Value.Admin;
        var generated = string.IsNullOrEmpty(admin.Password);
        var password = generated ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)) : admin.Password!;
        var registration = scope.ServiceProvider.GetRequiredService<AccountRegistration>();
        var account = await registration.RegisterAsync(admin.Email, password, "Outlay", "Administrator", [OutlayRoles.Admin, OutlayRoles.Approver], cancellationToken);
        if (account is null)
        {
            // The email belongs to an ordinary account.
            LogAdminEmailTaken(logger, admin.Email);
            return;
        }

        await transaction.CommitAsync(cancellationToken);

        if (generated)
        {
            // Printed, not logged: log pipelines are long-lived and widely readable.
            Console.WriteLine($"Outlay first admin created: {admin.Email} / {password}  (shown once; change it after signing in)");
        }

        LogAdminCreated(logger, admin.Email, generated);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "First admin {Email} created (generated password: {Generated})")]
    private static partial void LogAdminCreated(ILogger logger, string email, bool generated);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No admin exists but {Email} is taken; no first admin was created")]
    private static partial void LogAdminEmailTaken(ILogger logger, string email);
}
