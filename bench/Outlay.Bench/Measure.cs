using System.Diagnostics;
using System.Globalization;

namespace Outlay.Bench;

/// <summary>Runs an operation repeatedly for a fixed time on N workers after a warm-up, and reports the rate.</summary>
internal static class Measure
{
    public static async Task<Rate> RateAsync(string name, Func<Task> operation, TimeSpan duration, int workers = 1)
    {
        var warmUp = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        while (DateTime.UtcNow < warmUp)
        {
            await operation();
        }

        var latencies = new List<double>[workers];
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = [];
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                await operation();
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        var all = latencies.SelectMany(l => l).Order().ToList();
        return new Rate(name, all.Count / stopwatch.Elapsed.TotalSeconds, all[all.Count / 2], all[(int)(all.Count * 0.99)]);
    }

    public static Rate Rate(string name, Action operation, TimeSpan duration, int workers = 1) =>
        RateAsync(name, () => { operation(); return Task.CompletedTask; }, duration, workers).GetAwaiter().GetResult();
}

internal sealed record Rate(string Name, double PerSecond, double P50Ms, double P99Ms)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name,-58} {PerSecond,12:N0} /s   p50 {P50Ms,8:N3} ms   p99 {P99Ms,8:N3} ms");

    public string RatioTo(Rate reference) =>
        string.Create(CultureInfo.InvariantCulture, $"  ratio {Name} / {reference.Name} = {PerSecond / reference.PerSecond:N3}");
}
