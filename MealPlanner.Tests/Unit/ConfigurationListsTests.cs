using MealPlanner.Api.Hardening;
using Microsoft.Extensions.Configuration;

namespace MealPlanner.Tests.Unit;

/// <summary>CORS origins and trusted proxy networks arrive comma-separated from the AppHost's parameters (and so from
/// the deploy settings), or as an array from appsettings.json; both must give the same list.</summary>
public sealed class ConfigurationListsTests
{
    [Theory]
    [InlineData("https://a.example.com,https://b.example.com", new[] { "https://a.example.com", "https://b.example.com" })]
    [InlineData(" 10.0.0.0/16 , 172.16.0.0/12 ", new[] { "10.0.0.0/16", "172.16.0.0/12" })]
    [InlineData("https://a.example.com", new[] { "https://a.example.com" })]
    [InlineData("", new string[0])]
    public void A_comma_separated_value_is_split_and_trimmed(string value, string[] expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cors:AllowedOrigins"] = value }).Build();

        Assert.Equal(expected, configuration.GetList("Cors:AllowedOrigins"));
    }

    [Fact]
    public void The_array_form_still_works()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8",
            ["ForwardedHeaders:KnownNetworks:1"] = "192.168.0.0/16",
        }).Build();

        Assert.Equal(["10.0.0.0/8", "192.168.0.0/16"], configuration.GetList("ForwardedHeaders:KnownNetworks"));
        Assert.Empty(configuration.GetList("Cors:AllowedOrigins"));
    }
}
