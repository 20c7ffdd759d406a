using System.Security.Claims;

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

using Outlay.Expenses.Infrastructure;
using Outlay.ServiceDefaults.Auth;
using Outlay.ServiceDefaults.Http;
using Outlay.ServiceDefaults.Money;
using Outlay.ServiceDefaults.Validation;

namespace Outlay.Expenses.Settings;

/// <summary><c>/api/expenses/settings</c>: the signed-in user's default currency and time zone.</summary>
public static class SettingsEndpoints
{
    public static IEndpointRouteBuilder MapSettingsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/expenses/settings").RequireAuthorization(OutlayPolicies.User).WithTags("Settings");
        group.MapGet("/", Get);
        group.MapPut("/", Update);
        return app;
    }

    public static async Task<Ok<SettingsResponse>> Get(ClaimsPrincipal user, UserCalendar calendar, HttpResponse response, CancellationToken cancellationToken)
    {
        var settings = await calendar.ForAsync(user.UserId(), cancellationToken);
        response.Headers.ETag = $"\"{settings.Version}\"";
        return TypedResults.Ok(new SettingsResponse(settings.Currency, settings.TimeZone, settings.Today, settings.Version));
    }

    /// <summary>Replaces both settings. The first write creates them, so <c>If-Match: "0"</c> (or <c>*</c>) works for a new user.</summary>
    public static async Task<Results<Ok<SettingsResponse>, ValidationProblem, ProblemHttpResult>> Update(
        SettingsUpdate update, ClaimsPrincipal user, ExpensesDbContext db, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var currency = Currencies.Normalize(update.Currency);
        var errors = new ValidationErrors();
        if (currency is null)
        {
            errors.Add("currency", "An ISO 4217 currency code such as EUR or USD is required.");
        }

        if (!UserCalendar.IsIanaTimeZone(update.TimeZone))
        {
            errors.Add("timeZone", "An IANA time zone such as Europe/Berlin or America/New_York is required.");
        }

        if (!errors.IsValid)
        {
            return errors.ToProblem();
        }

        var userId = user.UserId();
        var settings = await db.UserSettings.FirstOrDefaultAsync(s => s.UserId == userId, cancellationToken);
        if (IfMatch.Check(http.Request, $"\"{settings?.Version ?? 0}\"", "settings") is { } failed)
        {
            return failed;
        }

        var now = clock.GetUtcNow();
        if (settings is null)
        {
            settings = new UserSettings { UserId = userId, Currency = currency!, TimeZone = update.TimeZone!.Trim() };
            db.UserSettings.Add(settings);
        }

        settings.Currency = currency!;
        settings.TimeZone = update.TimeZone!.Trim();
        settings.UpdatedAt = now.UtcDateTime;
        settings.Version++;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request created or changed them first (a unique key or the version check refused ours).
            return IfMatch.PreconditionFailed("settings");
        }

        http.Response.Headers.ETag = settings.ETag;
        return TypedResults.Ok(new SettingsResponse(settings.Currency, settings.TimeZone, UserCalendar.TodayIn(settings.TimeZone, now), settings.Version));
    }
}
