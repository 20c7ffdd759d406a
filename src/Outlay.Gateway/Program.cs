using Outlay.Gateway;

var builder = WebApplication.CreateBuilder(args);
builder.AddGateway();

var app = builder.Build();
app.UseGateway();
app.Run();

/// <summary>Entry point, visible to the in-process test host.</summary>
public partial class Program;
