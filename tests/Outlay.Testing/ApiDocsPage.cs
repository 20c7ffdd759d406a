using System.Text.Json;

namespace Outlay.Testing;

/// <summary>Reads the Swagger UI page at <c>/docs</c> the way its script does.</summary>
public static class ApiDocsPage
{
    /// <summary>The documents in the page's drop-down (name and address relative to the page), from the configuration it loads (<c>index.js</c>).</summary>
    public static async Task<List<(string Name, string Url)>> ListedDocumentsAsync(HttpClient client)
    {
        var script = await client.GetStringAsync("/docs/index.js", TestContext.Current.CancellationToken);
        const string key = "\"urls\":";
        var start = script.IndexOf(key, StringComparison.Ordinal);
        Assert.True(start >= 0, $"The page's configuration names no documents: {script}");
        var urls = script[(start + key.Length)..];
        using var list = JsonDocument.Parse(urls[..(urls.IndexOf(']', StringComparison.Ordinal) + 1)]);
        return [.. list.RootElement.EnumerateArray().Select(u => (u.GetProperty("name").GetString()!, u.GetProperty("url").GetString()!))];
    }
}
