using System.Globalization;
using System.Runtime.InteropServices;

namespace Outlay.AppHost.Tests;

/// <summary>What <c>/proc</c> says about processes, so tests can tell whether a child outlived its AppHost.</summary>
internal static partial class ProcessTable
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    /// <summary>Alive and not a zombie (a zombie has exited; it only waits for its parent to reap it).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Live processes whose environment contains <paramref name="marker"/>. Every child the AppHost starts
    /// carries its data folder in <c>Outlay__Database__DataFolder</c>, restarted ones included.
    /// </summary>
    public static IReadOnlyList<int> WithEnvironmentContaining(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Split('\0').Contains(marker) && IsAlive(pid))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Exited while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return found;
    }

    public static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0 && IsAlive(pid))
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
