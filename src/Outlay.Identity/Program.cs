using Outlay.Identity;
using Outlay.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("identity");
builder.AddIdentityFeatures();

var app = builder.Build();
app.UseServiceDefaults();
app.MapIdentityEndpoints();
app.Run();

/// <summary>Entry point, visible to the in-process test host.</summary>
public partial class Program;
