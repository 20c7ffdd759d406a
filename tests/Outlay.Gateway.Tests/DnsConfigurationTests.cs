using Outlay.Gateway.Configuration;

namespace Outlay.Gateway.Tests;

/// <summary>What a cluster's DNS discovery may be configured with; the rest is refused before it is used.</summary>
public sealed class DnsConfigurationTests
{
    private static IReadOnlyList<string> Errors(DnsOptions dns)
    {
        var options = new GatewayOptions();
        options.Routes["all"] = new RouteOptions { PathPrefix = "/", Cluster = "catalog" };
        options.Clusters["catalog"] = new ClusterOptions { Dns = dns };
        return GatewaySnapshotBuilder.Build(options, 1).Errors;
    }

    [Fact]
    public void A_name_per_further_version_is_accepted()
    {
        var dns = new DnsOptions { Host = "catalog-headless", Port = 8080 };
        dns.Versions["v2"] = "catalog-v2-headless";

        Assert.Empty(Errors(dns));
        Assert.Equal([("catalog-headless", "v1"), ("catalog-v2-headless", "v2")], dns.Names());
    }

    [Theory]
    [InlineData("v1", "catalog-v1-headless")]
    [InlineData("V1", "catalog-v1-headless")]
    [InlineData("v2", "")]
    [InlineData("v2", " ")]
    public void A_version_that_is_the_main_names_own_or_has_no_name_is_refused(string version, string host)
    {
        var dns = new DnsOptions { Host = "catalog-headless", Port = 8080 };
        dns.Versions[version] = host;

        Assert.Contains(Errors(dns), e => e.Contains("Dns:Versions", StringComparison.Ordinal));
    }
}
