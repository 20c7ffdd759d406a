using System.Security.Claims;
using System.Text.Json;

using Microsoft.AspNetCore.Authentication.Cookies;

namespace Outlay.Web.Session;

/// <summary>
/// Builds the web session's identity from the claims of the access token Identity just issued to this server.
/// The signature is not checked here: the token came straight from Identity over the gateway, the claims only
/// decide what the pages show, and every API validates the token itself before it acts.
/// </summary>
public static class AccessTokenClaims
{
    public const string NameClaim = "name";

    public static ClaimsPrincipal ToPrincipal(string accessToken)
    {
        var parts = accessToken.Split('.');
        if (parts.Length != 3)
        {
            throw new FormatException("The access token is not a JWT.");
        }

        using var payload = JsonDocument.Parse(Base64UrlDecode(parts[1]));
        var claims = new List<Claim>();
        foreach (var property in payload.RootElement.EnumerateObject())
        {
            if (property.Name is "sub" or "email" or "given_name" or "family_name" or "role")
            {
                claims.AddRange(Values(property.Value).Select(value => new Claim(property.Name, value)));
            }
        }

        var first = claims.Find(c => c.Type == "given_name")?.Value;
        var last = claims.Find(c => c.Type == "family_name")?.Value;
        var display = string.Join(' ', new[] { first, last }.Where(s => !string.IsNullOrWhiteSpace(s)));
        claims.Add(new Claim(NameClaim, display.Length > 0 ? display : claims.Find(c => c.Type == "email")?.Value ?? ""));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme, NameClaim, "role"));
    }

    private static IEnumerable<string> Values(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!),
        JsonValueKind.String => [value.GetString()!],
        _ => [],
    };

    private static byte[] Base64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        return Convert.FromBase64String(padded);
    }
}
