using MealPlanner.AppHost;
using Microsoft.Extensions.Configuration;

namespace MealPlanner.Tests.Unit;

public sealed class DotEnvSettingsTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    [Fact]
    public void Keys_become_configuration_keys_and_empty_values_are_left_out()
    {
        File.WriteAllText(_file, "# comment\nLocalRuntime=processes\nParameters__postgres-password=from-dotenv-123\nParameters__cache-password=\n");

        var settings = DotEnvSettings.Read(_file, new ConfigurationBuilder().Build()).ToDictionary(p => p.Key, p => p.Value);

        Assert.Equal("processes", settings["LocalRuntime"]);
        Assert.Equal("from-dotenv-123", settings["Parameters:postgres-password"]);
        Assert.False(settings.ContainsKey("Parameters:cache-password"));
    }

    [Fact]
    public void A_key_already_set_by_the_command_line_or_environment_wins_over_the_file()
    {
        File.WriteAllText(_file, "LocalRuntime=containers\n");
        var existing = new ConfigurationBuilder().AddInMemoryCollection([new("LocalRuntime", "processes")]).Build();

        var settings = DotEnvSettings.Read(_file, existing);

        Assert.Empty(settings);
    }

    [Fact]
    public void The_committed_example_names_every_parameter_of_the_app_model_and_holds_no_secret()
    {
        var example = Path.Combine(RepositoryRoot(), ".env.example");
        using var manifest = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "aspire-manifest.json")));
        var parameters = manifest.RootElement.GetProperty("resources").EnumerateObject()
            .Where(r => r.Value.GetProperty("type").GetString() == "parameter.v0")
            .Select(r => r.Name)
            .ToList();

        var settings = DotNetEnv.Env.NoEnvVars().Load(example).ToDictionary(p => p.Key, p => p.Value);

        Assert.NotEmpty(parameters);
        foreach (var parameter in parameters)
        {
            Assert.True(settings.ContainsKey($"Parameters__{parameter}"), $"{parameter} is missing from .env.example");
            Assert.Equal("", settings[$"Parameters__{parameter}"]);
        }

        Assert.Contains("LocalRuntime", settings.Keys);
    }

    public void Dispose() => File.Delete(_file);

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MealPlanner.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("MealPlanner.sln not found above the test binaries.");
    }
}
