namespace Outlay.Gateway.Routing;

/// <param name="Id">The configuration key; also the <c>route</c> label in metrics.</param>
internal sealed record GatewayRoute(
    string Id, PathString Prefix, IReadOnlySet<string>? Methods, string ClusterId, bool StripPrefix, long? MaxRequestBodyBytes,
    Configuration.RateOptions? RateLimit)
{
    public bool AllowsMethod(string method) => Methods is null || Methods.Contains(method);

    /// <summary>The path the destination sees.</summary>
    public PathString UpstreamPath(PathString path) =>
        StripPrefix && path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase, out var rest)
            ? (rest.HasValue ? rest : new PathString("/"))
            : path;
}

/// <summary>The outcome of matching a request against the route table.</summary>
internal readonly record struct RouteMatch(GatewayRoute? Route, IReadOnlyCollection<string>? AllowedMethods);

/// <summary>
/// Routes by path prefix on segment boundaries: the longest matching prefix decides, as an nginx <c>location</c> does,
/// and methods choose among the routes with that prefix. Of two routes with the same prefix, the one naming methods is
/// tried first, so it can set its own limits for those methods (POST /api/users, sign-up) whatever the order of the
/// configuration. A method the longest prefix does not take is 405, not a fall-through to a shorter prefix: otherwise
/// <c>DELETE /.well-known/jwks</c> would reach the web UI's catch-all route.
/// </summary>
internal sealed class RouteTable(IReadOnlyList<GatewayRoute> routes)
{
    private readonly GatewayRoute[] _ordered = [.. routes.OrderByDescending(PrefixLength).ThenBy(r => r.Methods is null)];

    public IReadOnlyList<GatewayRoute> Routes => _ordered;

    /// <summary>
    /// The route for this method and path; when routes match the path but none takes the method, their
    /// methods are returned so the caller can answer 405 with <c>Allow</c>.
    /// </summary>
    public RouteMatch Match(string method, PathString path)
    {
        HashSet<string>? allowed = null;
        int? decidingLength = null;
        foreach (var route in _ordered)
        {
            if (!Matches(route.Prefix, path))
            {
                continue;
            }

            var length = PrefixLength(route);
            if (decidingLength is { } longest && length < longest)
            {
                break;
            }

            decidingLength = length;

            if (route.AllowsMethod(method))
            {
                return new RouteMatch(route, null);
            }

            (allowed ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).UnionWith(route.Methods!);
        }

        return new RouteMatch(null, allowed);
    }

    private static int PrefixLength(GatewayRoute route) => route.Prefix.Value!.TrimEnd('/').Length;

    private static bool Matches(PathString prefix, PathString path) =>
        prefix.Value == "/" || path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase);
}
