using MealPlanner.AppHost;
using MealPlanner.AppHost.LocalContainers;

namespace MealPlanner.Tests.Unit;

public sealed class ContainerImageRegistryTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("  ", null)]
    [InlineData("localhost/mealplanner", "localhost/mealplanner")]
    [InlineData(" localhost/mealplanner/ ", "localhost/mealplanner")]
    [InlineData("registry.example.com:5000/mirror", "registry.example.com:5000/mirror")]
    public void Normalize_keeps_a_host_and_path_and_treats_empty_as_the_official_registries(string? setting, string? expected) =>
        Assert.Equal(expected, ContainerImageRegistry.Normalize(setting));

    [Theory]
    [InlineData("https://registry.example.com")]
    [InlineData("localhost/ mealplanner")]
    public void Normalize_refuses_a_url_or_spaces_with_one_line_naming_the_setting(string setting)
    {
        var error = Assert.Throws<AppHostSetupException>(() => ContainerImageRegistry.Normalize(setting));

        Assert.StartsWith(ContainerImageRegistry.SettingName, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
