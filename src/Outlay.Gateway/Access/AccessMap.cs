using System.Text.RegularExpressions;

using Outlay.ServiceDefaults.Auth;

namespace Outlay.Gateway.Access;

internal enum AccessDecision
{
    Allow,
    Deny,
}

/// <summary>One (path pattern, methods, roles) entry of the access map.</summary>
internal sealed record AccessRule(string Pattern, Regex Path, IReadOnlySet<string>? Methods, IReadOnlySet<string> Roles);

/// <summary>
/// Seed 002's (path, verb, role) access map, checked before anything is proxied. Rules are tried in order and
/// the first whose path and method match decides; roles nest (admin ⊃ approver ⊃ user ⊃ visitor), so a rule
/// allowing <c>user</c> lets approvers and admins through and one allowing <c>visitor</c> lets anyone.
/// </summary>
internal sealed class AccessMap(IReadOnlyList<AccessRule> rules, AccessDecision fallback)
{
    private static readonly string[] Ladder = [OutlayRoles.Visitor, OutlayRoles.User, OutlayRoles.Approver, OutlayRoles.Admin];

    public IReadOnlyList<AccessRule> Rules => rules;

    public AccessDecision Decide(string method, PathString path, IReadOnlyCollection<string> callerRoles)
    {
        var value = path.Value ?? "/";
        foreach (var rule in rules)
        {
            if ((rule.Methods is null || rule.Methods.Contains(method)) && rule.Path.IsMatch(value))
            {
                return callerRoles.Any(role => Satisfies(role, rule.Roles)) || Satisfies(OutlayRoles.Visitor, rule.Roles)
                    ? AccessDecision.Allow
                    : AccessDecision.Deny;
            }
        }

        return fallback;
    }

    /// <summary>Whether a caller holding <paramref name="role"/> meets a rule naming <paramref name="allowed"/>.</summary>
    private static bool Satisfies(string role, IReadOnlySet<string> allowed)
    {
        var rank = Array.IndexOf(Ladder, role);
        for (var i = 0; i <= rank; i++)
        {
            if (allowed.Contains(Ladder[i]))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsKnownRole(string role) => Array.IndexOf(Ladder, role) >= 0;

    /// <summary><c>*</c> is one segment, <c>**</c> any number (also none): <c>/api/orders/**</c> covers <c>/api/orders</c>.</summary>
    public static Regex Compile(string pattern)
    {
        var segments = pattern.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var regex = new System.Text.StringBuilder("^");
        foreach (var segment in segments)
        {
            regex.Append(segment switch
            {
                "**" => "(?:/[^/]+)*",
                "*" => "/[^/]+",
                _ => "/" + Regex.Escape(segment).Replace(@"\*", "[^/]*", StringComparison.Ordinal),
            });
        }

        regex.Append(segments.Length == 0 ? "/?$" : "/?$");
        return new Regex(regex.ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));
    }
}
