namespace Outlay.ServiceDefaults.Auth;

/// <summary>The roles an access token can carry. Every account has <see cref="User"/>; the others are granted by an admin.</summary>
public static class OutlayRoles
{
    public const string User = "user";
    public const string Approver = "approver";
    public const string Admin = "admin";

    /// <summary>What an anonymous caller is called in access rules.</summary>
    public const string Visitor = "visitor";

    public static readonly IReadOnlyList<string> Assignable = [User, Approver, Admin];
}

/// <summary>Authorization policy names; an admin passes the approver policy too.</summary>
public static class OutlayPolicies
{
    public const string User = "user";
    public const string Approver = "approver";
    public const string Admin = "admin";
}
