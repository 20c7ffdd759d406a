using System.Text;
using System.Text.Json;

using Microsoft.AspNetCore.Http;

namespace Outlay.Web.Tests.Infrastructure;

/// <summary>
/// Who calls the stub: the subject and roles of the bearer token (issued by the real Identity in these tests).
/// The stub does not check signatures (the real services do, in their own tests); it checks the token is there
/// and reads who it names, so each user sees only their own data as with the real service.
/// </summary>
public sealed record StubCaller(Guid Id, string Email, string Name, IReadOnlyList<string> Roles)
{
    public bool IsApprover => Roles.Contains("approver") || Roles.Contains("admin");

    public bool IsAdmin => Roles.Contains("admin");

    public static StubCaller? From(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || header.Split('.') is not { Length: 3 } parts)
        {
            return null;
        }

        var payload = parts[1].Replace('-', '+').Replace('_', '/');
        payload += (payload.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
        var root = json.RootElement;
        var roles = root.TryGetProperty("role", out var role)
            ? role.ValueKind == JsonValueKind.Array ? role.EnumerateArray().Select(r => r.GetString()!).ToList() : [role.GetString()!]
            : new List<string>();
        return new StubCaller(Guid.Parse(root.GetProperty("sub").GetString()!), root.GetProperty("email").GetString()!,
            $"{root.GetProperty("given_name").GetString()} {root.GetProperty("family_name").GetString()}", roles);
    }

    public static IResult Unauthorized() => Results.Problem(statusCode: 401, title: "A bearer token is required.");

    public static IResult Validation(params (string Field, string Message)[] errors) =>
        Results.ValidationProblem(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), title: "One or more fields are invalid.");
}
