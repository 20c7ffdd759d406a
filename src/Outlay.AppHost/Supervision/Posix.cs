using System.Runtime.InteropServices;

namespace Outlay.AppHost.Supervision;

/// <summary>
/// <see cref="System.Diagnostics.Process.Kill()"/> sends SIGKILL, which gives a service no chance to
/// finish requests or close its database; a graceful stop needs SIGTERM, which .NET has no API for.
/// </summary>
internal static partial class Posix
{
    private const int SigTerm = 15;

    /// <summary>Returns false on Windows, when the process is already gone, or when libc cannot be loaded.</summary>
    public static bool Terminate(int pid)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return Kill(pid, SigTerm) == 0;
        }
        catch (DllNotFoundException)
        {
            // The caller also closes the child's stdin, which stops an Outlay service just as gracefully.
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
