using System.Runtime.InteropServices;

namespace Outlay.AppHost.Supervision;

/// <summary>
/// <see cref="System.Diagnostics.Process.Kill()"/> sends SIGKILL, which gives a service no chance to
/// finish requests or close its database; a graceful stop needs SIGTERM, which .NET has no API for.
/// </summary>
internal static partial class Posix
{
    private const int SigTerm = 15;

    /// <summary>Returns false on Windows, or when the process is already gone.</summary>
    public static bool Terminate(int pid) => !OperatingSystem.IsWindows() && Kill(pid, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
