using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Outlay.Web.Api;

/// <summary>
/// The one way the web app talks to Outlay: HTTP through the gateway. Turns every outcome into an
/// <see cref="ApiResult{T}"/> so a page never sees an exception for a service that is down or a problem answer.
/// The signed-in user's access token is added by <see cref="BearerTokenHandler"/>.
/// </summary>
public sealed class GatewayClient(HttpClient http, ILogger<GatewayClient> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, body: null, ifMatch: null, cancellationToken);

    public Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, string? ifMatch, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null) =>
        SendAsync<T>(Request(method, path, body is null ? null : JsonContent.Create(body, options: Json), ifMatch, headers), cancellationToken);

    /// <summary>A call whose answer has no body of interest (204, or a body the page does not need).</summary>
    public async Task<ApiResult> SendAsync(HttpMethod method, string path, object? body, string? ifMatch, CancellationToken cancellationToken) =>
        await SendAsync<JsonElement?>(method, path, body, ifMatch, cancellationToken);

    public Task<ApiResult<T>> SendContentAsync<T>(HttpMethod method, string path, HttpContent content, CancellationToken cancellationToken) =>
        SendAsync<T>(Request(method, path, content, ifMatch: null, headers: null), cancellationToken);

    /// <summary>
    /// Starts a call whose body the caller streams on (a CSV export): the response once its headers arrived,
    /// or the problem. The caller disposes the response.
    /// </summary>
    public async Task<(HttpResponseMessage? Response, ApiProblem? Problem)> OpenStreamAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var response = await http.SendAsync(Request(HttpMethod.Get, path, null, null, null), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return (response, null);
            }

            using (response)
            {
                return (null, await ReadProblemAsync(response, cancellationToken));
            }
        }
        catch (Exception e) when (IsTransportFailure(e, cancellationToken))
        {
            return (null, Unreachable(path, e));
        }
    }

    private async Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            try
            {
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                var etag = response.Headers.ETag?.ToString();
                if (!response.IsSuccessStatusCode)
                {
                    return new ApiResult<T>(default, await ReadProblemAsync(response, cancellationToken), etag);
                }

                if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
                {
                    return new ApiResult<T>(default, null, etag);
                }

                var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
                return new ApiResult<T>(value, null, etag);
            }
            catch (Exception e) when (IsTransportFailure(e, cancellationToken))
            {
                return new ApiResult<T>(default, Unreachable(request.RequestUri?.ToString() ?? "", e), null);
            }
            catch (JsonException e)
            {
                logger.LogWarning(e, "{Method} {Path} answered a body that is not the expected JSON", request.Method, request.RequestUri);
                return new ApiResult<T>(default, new ApiProblem(502, "The service answered something unexpected.", null, ApiProblem.NoErrors), null);
            }
        }
    }

    private ApiProblem Unreachable(string path, Exception e)
    {
        logger.LogWarning(e, "API call to {Path} failed: {Reason}", path, e.Message);
        return ApiProblem.Unreachable(e.Message);
    }

    /// <summary>A connection failure, or a timeout (HttpClient's own, not the page's request being aborted).</summary>
    private static bool IsTransportFailure(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException || (e is TaskCanceledException or OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private static HttpRequestMessage Request(HttpMethod method, string path, HttpContent? content, string? ifMatch, IReadOnlyDictionary<string, string>? headers)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = content };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private static async Task<ApiProblem> ReadProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var fallback = new ApiProblem(status, response.ReasonPhrase ?? $"The request failed ({status}).", null, ApiProblem.NoErrors);
        if (response.Content.Headers.ContentType?.MediaType is not ("application/problem+json" or "application/json"))
        {
            return fallback;
        }

        try
        {
            var body = await response.Content.ReadFromJsonAsync<ProblemBody>(Json, cancellationToken);
            return body is null
                ? fallback
                : new ApiProblem(status, body.Title ?? fallback.Title, body.Detail, body.Errors ?? ApiProblem.NoErrors);
        }
        catch (JsonException)
        {
            return fallback;
        }
    }

    private sealed record ProblemBody(string? Title, string? Detail, Dictionary<string, string[]>? Errors);
}
