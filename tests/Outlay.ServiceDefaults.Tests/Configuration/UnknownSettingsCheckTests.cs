using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;

using Outlay.ServiceDefaults.Configuration;

namespace Outlay.ServiceDefaults.Tests.Configuration;

public sealed class UnknownSettingsCheckTests
{
    private sealed class Limits
    {
        public int Burst { get; set; }
        public TimeSpan Window { get; set; }
    }

    private sealed class Shape
    {
        public string? Name { get; set; }
        public Uri? Url { get; set; }
        public int? Optional { get; set; }
        public Limits Limits { get; set; } = new();
        public Dictionary<string, Limits> PerRoute { get; set; } = [];
        public Dictionary<string, int>? Weights { get; set; }
        public List<string> Hosts { get; set; } = [];
        public HashSet<string> Tags { get; set; } = [];
        public Limits[] Tiers { get; set; } = [];
    }

    [Theory]
    [InlineData("Name", true)]
    [InlineData("name", true)]
    [InlineData("Url", true)]
    [InlineData("Optional", true)]
    [InlineData("Limits:Burst", true)]
    [InlineData("Limits:Window", true)]
    [InlineData("PerRoute:any-id:Burst", true)]
    [InlineData("Weights:v2", true)]
    [InlineData("Hosts:0", true)]
    [InlineData("Tags:3", true)]
    [InlineData("Tiers:1:Window", true)]
    [InlineData("Nmae", false)]
    [InlineData("Name:Extra", false)]
    [InlineData("Limits:Brust", false)]
    [InlineData("PerRoute:any-id:Brust", false)]
    [InlineData("Weights:v2:Extra", false)]
    [InlineData("Hosts:first", false)]
    [InlineData("Tiers:0:Nope", false)]
    public void A_key_fits_a_shape_the_way_the_binder_walks_it(string key, bool fits) =>
        Assert.Equal(fits, SettingShapes.Fits(key.Split(':'), typeof(Shape)));

    [Fact]
    public void Only_settings_under_Outlays_roots_that_nothing_declares_are_reported()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Outlay:Thing:Name"] = "read",
            ["Outlay:Thing:PerRoute:api:Burst"] = "10",
            ["Outlay:Single"] = "read",
            ["Outlay:Registration:GatewayUrl"] = "misplaced",
            ["Outlay:Thing:Nmae"] = "misspelt",
            ["Gateway:Clusters:x:Dns:Host"] = "meant for the gateway",
            ["Outlay:AppHost:Replicas"] = "passed down by the AppHost",
            ["Logging:LogLevel:Default"] = "the framework's",
            ["ASPNETCORE_URLS"] = "the framework's",
        }).Build();
        var check = new UnknownSettingsCheck(
            configuration,
            [new DeclaredSetting("Outlay:Thing", typeof(Shape)), new DeclaredSetting("Outlay:Single", null)],
            new HostingEnvironment { ApplicationName = "test" },
            NullLogger<UnknownSettingsCheck>.Instance);

        Assert.Equal(["Gateway:Clusters:x:Dns:Host", "Outlay:Registration:GatewayUrl", "Outlay:Thing:Nmae"], check.UnknownKeys());
    }
}
