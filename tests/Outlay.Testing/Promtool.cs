using System.Diagnostics;

namespace Outlay.Testing;

public static class Promtool
{
    /// <summary>
    /// Runs <c>promtool check metrics</c>. Any output counts as failure: promtool reports lint problems
    /// (missing _total, bad units, ...) as plain lines, and these are exactly what we want to catch.
    /// </summary>
    public static void AssertAccepts(string text)
    {
        var promtool = FindPromtool();
        if (promtool is null)
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("promtool is required in CI (install the 'prometheus' package or put promtool on PATH).");
            }

            Assert.Skip("promtool not found on PATH; skipping exposition-format validation.");
        }

        var start = new ProcessStartInfo(promtool, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        process.StandardInput.Write(text);
        process.StandardInput.Close();
        process.WaitForExit();

        var complaints = (stdout.Result + stderr.Result).Trim();
        Assert.True(process.ExitCode == 0 && complaints.Length == 0,
            $"promtool exit code {process.ExitCode}:\n{complaints}\n--- input ---\n{text}");
    }

    private static string? FindPromtool() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(dir => Path.Combine(dir, "promtool"))
            .FirstOrDefault(File.Exists);
}
