using Outlay.Expenses;
using Outlay.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("expenses");
builder.AddExpensesFeatures();

var app = builder.Build();
app.UseServiceDefaults();
app.MapExpensesEndpoints();
app.Run();

/// <summary>Entry point, visible to the in-process test host.</summary>
public partial class Program;
