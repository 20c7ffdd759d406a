using Outlay.Bench;

// Usage: dotnet run -c Release --project bench/Outlay.Bench -- [identity|metrics|all] [seconds]
//        ... -- gateway-backend <port> <token file>   (the backend bench/gateway.sh measures against)
if (args.ElementAtOrDefault(0) == "gateway-backend")
{
    await GatewayBackend.RunAsync(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2]);
    return;
}

var which = args.ElementAtOrDefault(0) ?? "all";
var duration = TimeSpan.FromSeconds(int.TryParse(args.ElementAtOrDefault(1), out var seconds) ? seconds : 5);
Console.WriteLine($"Outlay benchmarks on {Environment.ProcessorCount} cores, {duration.TotalSeconds:N0} s per measurement");
if (which is "metrics" or "all")
{
    Console.WriteLine("\n# /metrics");
    MetricsBenchmarks.Run(duration);
}

if (which is "identity" or "all")
{
    Console.WriteLine("\n# Identity");
    await IdentityBenchmarks.RunAsync(duration);
}
