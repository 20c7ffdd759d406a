using Outlay.Catalog;
using Outlay.Messaging;
using Outlay.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("catalog");
builder.AddCatalogFeatures();

var app = builder.Build();
app.UseServiceDefaults();
app.MapOutlayMessaging();
app.MapCatalogEndpoints();
app.Run();

/// <summary>Entry point, visible to the in-process test host.</summary>
public partial class Program;
