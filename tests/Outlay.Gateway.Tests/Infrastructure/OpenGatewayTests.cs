namespace Outlay.Gateway.Tests.Infrastructure;

/// <summary>
/// A fresh gateway for every test with one open route to one echo backend, both removed after the test: the setup of
/// tests that look at what happens to a single request on its way through.
/// </summary>
public abstract class OpenGatewayTests : IAsyncLifetime
{
    private Backend? destination;
    private GatewayHost? gateway;

    private protected Backend Destination => destination ?? throw new InvalidOperationException("Not started.");

    private protected GatewayHost Gateway => gateway ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        destination = await Backend.StartAsync("b1");
        gateway = await GatewayHost.StartAsync(GatewayConfig.OpenRoute("svc", destination));
    }

    public async ValueTask DisposeAsync()
    {
        if (gateway is not null)
        {
            await gateway.DisposeAsync();
            gateway.DeleteFolder();
        }

        if (destination is not null)
        {
            await destination.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }
}
