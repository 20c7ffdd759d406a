namespace Outlay.AppHost.Supervision;

/// <summary>Polls <c>/health/ready</c>, which a service answers with 200 once its database is migrated.</summary>
internal sealed class ReadinessProbe : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public async Task WaitAsync(Uri baseUrl, CancellationToken cancellationToken)
    {
        var ready = new Uri(baseUrl, "/health/ready");
        while (true)
        {
            try
            {
                using var response = await _http.GetAsync(ready, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // This attempt timed out; the service may be busy migrating.
            }

            await Task.Delay(Interval, cancellationToken);
        }
    }

    public void Dispose() => _http.Dispose();
}
