namespace Outlay.Web.Tests.Infrastructure;

/// <summary>
/// Stands where the gateway stands in production, as the web app's primary HTTP handler: each path prefix goes to
/// a real in-process service (Identity's test server) or to the API stub on Kestrel, longest prefix first.
/// Routing is all it does; access rules and balancing are the gateway's own tests.
/// </summary>
public sealed class TestGateway : HttpMessageHandler
{
    private readonly List<(string Prefix, HttpMessageInvoker Target, Uri? Rebase)> routes = [];

    public TestGateway Route(string prefix, HttpMessageHandler target, Uri? rebase = null)
    {
        routes.Add((prefix, new HttpMessageInvoker(target, disposeHandler: false), rebase));
        routes.Sort((a, b) => b.Prefix.Length.CompareTo(a.Prefix.Length));
        return this;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        foreach (var (prefix, target, rebase) in routes)
        {
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                if (rebase is not null)
                {
                    request.RequestUri = new Uri(rebase, request.RequestUri.PathAndQuery);
                }

                return target.SendAsync(request, cancellationToken);
            }
        }

        return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.BadGateway) { RequestMessage = request });
    }
}
