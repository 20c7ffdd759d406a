using Microsoft.Extensions.Options;
using Outlay.Messaging.Embedded;
using Outlay.Messaging.Transport;

namespace Outlay.Messaging.Tests.Embedded;

public sealed class SqliteBrokerContractTests : TransportContractTests, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("outlay-broker-").FullName;

    protected override Task<IMessageTransport> CreateTransportAsync() => Task.FromResult<IMessageTransport>(New());

    protected override Task<IMessageTransport> ReconnectAsync(IMessageTransport previous) => Task.FromResult<IMessageTransport>(New());

    private SqliteBrokerTransport New() => new(Options.Create(new SqliteBrokerOptions
    {
        Path = Path.Combine(folder, "broker.db"),
        PollInterval = TimeSpan.FromMilliseconds(10),
    }));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}
