using System.Text.Json.Nodes;

using Outlay.Testing;

namespace Outlay.Gateway.Tests.Infrastructure;

/// <summary>
/// The built gateway (<c>Outlay.Gateway.dll</c>) as a process of its own, as it is deployed, so that what the kernel
/// charges it can be measured apart from the test's client and backends. Its configuration is an appsettings.json in a
/// folder of its own (the content root), so the route table shipped beside the dll stays out.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    private readonly ServiceProcess _process;
    private readonly string _folder;

    private GatewayProcess(ServiceProcess process, string folder)
    {
        _process = process;
        _folder = folder;
    }

    public Uri Url => new($"http://127.0.0.1:{_process.Port}/");

    public ProcessMemory Memory => new(_process.ProcessId);

    public static async Task<GatewayProcess> StartAsync(JsonObject gateway)
    {
        var folder = Directory.CreateTempSubdirectory("outlay-gateway-process-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), GatewayConfig.File(gateway), TestContext.Current.CancellationToken);
        var process = new ServiceProcess(Path.Combine(AppContext.BaseDirectory, "Outlay.Gateway.dll"), new Dictionary<string, string?>
        {
            ["ASPNETCORE_CONTENTROOT"] = folder,
            ["Outlay:Database:DataFolder"] = folder,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Outlay:StopWhenStdinCloses"] = "true",
            // As the AppHost, the image and the manifests run it.
            [GatewayServices.InlineSocketCompletions] = "1",
        });
        try
        {
            await process.StartAsync();
        }
        catch
        {
            await process.DisposeAsync();
            Directory.Delete(folder, recursive: true);
            throw;
        }

        return new GatewayProcess(process, folder);
    }

    public string Output => _process.Output;

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
