using System.Text.Json;
using MealPlanner.Tests.Platform;

namespace MealPlanner.Tests.Containers;

/// <summary>
/// The images ECS pulls and docker-compose runs, as <c>scripts/docker/build-images.sh</c> built them
/// (<c>mealplanner-api:local</c>, <c>mealplanner-migrations:local</c>).
/// </summary>
[Trait(PlatformFixture.RuntimeTrait, "containers")]
public sealed class ImageTests
{
    public const string ApiImage = "mealplanner-api:local";
    public const string MigrationsImage = "mealplanner-migrations:local";

    [Theory]
    [InlineData(ApiImage)]
    [InlineData(MigrationsImage)]
    public async Task Image_runs_as_the_non_root_app_user_and_carries_no_sdk(string image)
    {
        var config = (await InspectAsync(image)).GetProperty("Config");
        var uid = await Docker.RunAsync(["run", "--rm", "--entrypoint", "id", image, "-u"]);
        var sdks = await Docker.RunAsync(["run", "--rm", "--entrypoint", "dotnet", image, "--list-sdks"]);

        Assert.Equal("1654", config.GetProperty("User").GetString());
        Assert.Equal("1654", uid.Trim());
        Assert.Equal("", sdks.Trim());
    }

    [Fact]
    public async Task Api_image_listens_on_8080_and_checks_its_own_health_on_alive()
    {
        var config = (await InspectAsync(ApiImage)).GetProperty("Config");

        Assert.True(config.GetProperty("ExposedPorts").TryGetProperty("8080/tcp", out _));
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("/alive", config.GetProperty("Healthcheck").GetProperty("Test").ToString());
    }

    [Fact]
    public async Task Migrations_image_has_no_health_check_because_it_runs_to_completion()
    {
        var config = (await InspectAsync(MigrationsImage)).GetProperty("Config");

        Assert.False(config.TryGetProperty("Healthcheck", out var health) && health.ValueKind != JsonValueKind.Null);
    }

    public static async Task<JsonElement> InspectAsync(string image)
    {
        string json;
        try
        {
            json = await Docker.RunAsync(["image", "inspect", image]);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException($"{image} is missing: build it with scripts/docker/build-images.sh", ex);
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement[0].Clone();
    }
}
