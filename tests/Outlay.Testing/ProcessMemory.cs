using System.Globalization;

namespace Outlay.Testing;

/// <summary>
/// The resident memory of another process on Linux, from <c>/proc/&lt;pid&gt;/status</c>: what the kernel charges it,
/// whatever runtime or allocator it uses. Resident set now (VmRSS) and its peak (VmHWM), which can be reset.
/// </summary>
public sealed class ProcessMemory(int processId)
{
    public static bool IsAvailable => File.Exists("/proc/self/status");

    public long ResidentBytes => Read("VmRSS:");

    public long PeakResidentBytes => Read("VmHWM:");

    /// <summary>Sets the peak back to the current resident set (Linux 4.0+, our own processes); false when not allowed.</summary>
    public bool TryResetPeak()
    {
        try
        {
            File.WriteAllText($"/proc/{processId}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private long Read(string field)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        // "VmRSS:	   51234 kB"
        var kilobytes = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }
}
