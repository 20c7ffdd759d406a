using Outlay.ServiceDefaults;
using Outlay.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddFrontendDefaults("web");
builder.AddWebFeatures();

var app = builder.Build();
app.UseWebPipeline();
app.UseFrontendDefaults();
app.MapWebPages();
app.Run();

/// <summary>Internal on purpose: tests host the web app through <see cref="WebApp"/>, next to services whose Program is public.</summary>
internal sealed partial class Program;
