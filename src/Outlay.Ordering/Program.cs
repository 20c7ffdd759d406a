using Outlay.Messaging;
using Outlay.Ordering;
using Outlay.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("ordering");
builder.AddOrderingFeatures();

var app = builder.Build();
app.UseServiceDefaults();
app.MapOutlayMessaging();
app.MapOrderingEndpoints();
app.Run();

/// <summary>Entry point, visible to the in-process test host.</summary>
public partial class Program;
