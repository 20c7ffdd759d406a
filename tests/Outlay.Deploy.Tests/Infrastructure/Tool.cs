using System.Diagnostics;

namespace Outlay.Deploy.Tests.Infrastructure;

internal sealed record ToolResult(int ExitCode, string Output, string Error)
{
    public string Everything => (Output + "\n" + Error).Trim();
}

/// <summary>
/// An external command the deploy checks rely on (kubectl, promtool, docker-compose, yamllint, ...).
/// Missing, it skips the test on a developer machine and fails it under CI (CI=true), where .ci/run installs it.
/// </summary>
internal sealed class Tool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private Tool(string path) => ExecutablePath = path;

    public string ExecutablePath { get; }

    public static Tool Require(string name, string installHint)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Append("/usr/local/bin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
        if (path is null)
        {
            var message = $"'{name}' is not on PATH ({installHint}).";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(message + " CI must run every deploy check; .ci/run installs it.");
            }

            Assert.Skip(message);
        }

        return new Tool(path);
    }

    public ToolResult Run(IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null, string? input = null)
    {
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Repository.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
            process.StandardInput.Close();
        }

        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{Path.GetFileName(ExecutablePath)} {string.Join(' ', start.ArgumentList)} did not finish within {Timeout.TotalMinutes} minutes.");
        }

        process.WaitForExit();
        return new ToolResult(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs and asserts success, returning standard output.</summary>
    public string Succeeds(params string[] arguments)
    {
        var result = Run(arguments);
        Assert.True(result.ExitCode == 0, $"{Path.GetFileName(ExecutablePath)} {string.Join(' ', arguments)} exited {result.ExitCode}:\n{result.Everything}");
        return result.Output;
    }
}
