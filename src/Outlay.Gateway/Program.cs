using Outlay.Gateway;
using Outlay.Gateway.Proxy;
using Outlay.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("gateway");
builder.AddGateway();

var app = builder.Build();
app.UseProxyShortcut();
app.UseServiceDefaults();
app.MapGateway();
app.Run();

/// <summary>Entry point, visible to the in-process test host.</summary>
public partial class Program;
