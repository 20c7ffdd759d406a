using System.Runtime.InteropServices;

namespace Outlay.AppHost.Launch;

/// <summary>
/// The <c>dotnet</c> executable that runs the service dlls. <c>dotnet run</c> starts the AppHost through
/// its native launcher, so our own process path is not necessarily <c>dotnet</c>.
/// </summary>
internal static class DotnetHost
{
    private static readonly string ExecutableName = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

    public static string Resolve()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileName(self).Equals(ExecutableName, StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        var hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        // The runtime we run on lives in {root}/shared/Microsoft.NETCore.App/{version}/, next to {root}/dotnet.
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, ExecutableName);
        return File.Exists(candidate) ? candidate : ExecutableName;
    }
}
