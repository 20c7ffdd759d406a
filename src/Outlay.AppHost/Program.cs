using Outlay.AppHost.Catalog;
using Outlay.AppHost.Launch;
using Outlay.AppHost.Monitoring;
using Outlay.AppHost.Options;
using Outlay.AppHost.Reporting;
using Outlay.AppHost.Supervision;

var parsed = OptionsParser.Parse(args, Environment.GetEnvironmentVariable, Environment.CurrentDirectory);
if (parsed.ShowHelp || parsed.Options is null)
{
    (parsed.ShowHelp ? Console.Out : Console.Error).WriteLine(parsed.Error ?? OptionsParser.Usage);
    return parsed.ShowHelp ? 0 : 2;
}

var options = parsed.Options;
var report = ConsoleReport.ForConsole(options.Verbosity);
using var shutdown = new ShutdownSignal();

var services = ServiceCatalog.WithReplicas(options.Replicas, options.Canaries);
var missing = services.Where(s => ServiceCatalog.FindBuiltAssembly(s) is not { } path || !File.Exists(path)).ToList();
if (missing.Count > 0)
{
    report.Error($"not built: {string.Join(", ", missing.Select(s => s.AssemblyName))}; run `dotnet build src/Outlay.AppHost` first");
    return 1;
}

Directory.CreateDirectory(options.DataFolder);
var admin = AdminPassword.LoadOrCreate(options.DataFolder);
var instances = LaunchPlan.Create(services, options, admin, s => ServiceCatalog.FindBuiltAssembly(s)!);
PrometheusTargets.Write(options.DataFolder, instances);

var supervisor = new Supervisor(instances, options, admin, report);
return await supervisor.RunAsync(DotnetHost.Resolve(), shutdown.Token);
