using System.Net.Http.Headers;

using Microsoft.AspNetCore.Authentication;

namespace Outlay.Web.Api;

/// <summary>
/// Adds the signed-in user's access token to API calls. It reads the token from the request's authentication
/// result (which the session refresh already brought up to date) rather than authenticating again, so that the
/// refresh call made during authentication carries no token and cannot recurse.
/// </summary>
public sealed class BearerTokenHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var result = accessor.HttpContext?.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult;
        if (request.Headers.Authorization is null && result?.Properties?.GetTokenValue(Session.SessionTokens.AccessTokenName) is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
