using System.Security.Claims;

using Microsoft.Net.Http.Headers;

using Outlay.Gateway.Configuration;
using Outlay.Gateway.Proxy;
using Outlay.ServiceDefaults.Auth;

namespace Outlay.Gateway.Access;

/// <summary>
/// Applies the access map to the caller the authentication middleware found: a presented token that does not
/// validate is 401 wherever it is sent (like Envoy with missing tokens allowed), a refused visitor is 401 with a
/// Bearer challenge, and a refused valid identity is 403.
/// </summary>
internal static class AccessGate
{
    /// <summary>True when the request may go on; otherwise the response has been written.</summary>
    public static async Task<bool> CheckAsync(HttpContext context, GatewaySnapshot snapshot)
    {
        var user = context.User;
        var authenticated = user.Identity?.IsAuthenticated == true;
        var presented = context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
        if (presented && !authenticated)
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer error=\"invalid_token\"";
            await GatewayProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "The access token is invalid or expired.");
            return false;
        }

        IReadOnlyCollection<string> roles = authenticated ? [.. user.FindAll("role").Select(c => c.Value)] : [OutlayRoles.Visitor];
        if (snapshot.Access.Decide(context.Request.Method, context.Request.Path, roles) == AccessDecision.Allow)
        {
            return true;
        }

        if (!authenticated)
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            await GatewayProblems.WriteAsync(context, StatusCodes.Status401Unauthorized, "Sign in to use this resource.");
            return false;
        }

        await GatewayProblems.WriteAsync(context, StatusCodes.Status403Forbidden, "Your account may not use this resource.");
        return false;
    }

    /// <summary>Rate limits follow the account when there is one, else the client's address.</summary>
    public static string ClientKey(HttpContext context, GatewaySnapshot snapshot) =>
        context.User.FindFirstValue("sub") is { } subject ? "sub:" + subject : "ip:" + ClientAddress.Of(context, snapshot);
}
