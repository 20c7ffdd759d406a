using Outlay.Messaging;
using Outlay.Messaging.TestService.Ledger;
using Outlay.ServiceDefaults;
using Outlay.ServiceDefaults.Data;

// A minimal service that produces and consumes one event type, hosted in-process by the messaging tests and run as a
// real process by the crash tests. TestService:Name picks its database and queue; TestService:Consume=false makes a
// pure producer.
var builder = WebApplication.CreateBuilder(args);
var name = builder.Configuration["TestService:Name"] ?? "ledger";
builder.AddServiceDefaults(name);
builder.AddOutlayDatabase<LedgerDbContext>(name);
builder.AddOutlayMessaging<LedgerDbContext>(name, messaging =>
{
    if (builder.Configuration.GetValue("TestService:Consume", true))
    {
        messaging.Consume<Deposited, DepositedHandler>();
    }
});

var app = builder.Build();
app.UseServiceDefaults();
app.MapOutlayMessaging();
app.MapLedgerEndpoints();
app.Run();

/// <summary>Entry point, visible to the in-process test host.</summary>
public partial class Program;
