using Outlay.Bench;

// Usage: dotnet run -c Release --project bench/Outlay.Bench -- [identity|metrics|messaging|expenses|saga|all] [seconds]
// The expenses benchmark runs on PostgreSQL: set OUTLAY_TEST_POSTGRES (as for the tests); "all" skips it without.
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

if (which is "expenses" or "all")
{
    var postgres = Environment.GetEnvironmentVariable("OUTLAY_TEST_POSTGRES");
    if (string.IsNullOrWhiteSpace(postgres))
    {
        Console.WriteLine("\n# Expenses: skipped, set OUTLAY_TEST_POSTGRES");
    }
    else
    {
        Console.WriteLine("\n# Expenses (PostgreSQL)");
        await ExpensesBenchmarks.RunAsync(duration, postgres);
    }
}

if (which is "messaging" or "all")
{
    Console.WriteLine("\n# Messaging (outbox -> transport -> inbox + handler)");
    await MessagingBenchmarks.RunAsync();
}

if (which is "saga" or "all")
{
    Console.WriteLine("\n# Order saga (POST /api/orders -> Catalog reserves -> Ordering decides), real processes");
    await SagaBenchmarks.RunAsync();
}
