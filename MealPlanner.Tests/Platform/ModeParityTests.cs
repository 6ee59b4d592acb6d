using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MealPlanner.AppHost.LocalProcesses;
using MealPlanner.Tests.Unit;

namespace MealPlanner.Tests.Platform;

/// <summary>
/// Processes mode, containers mode and the published manifest describe one platform: the same resource names, the same
/// PostgreSQL and Redis majors, the same environment keys for <c>api</c> and <c>migrations</c>, the same health paths.
/// Building containers mode asks for a container runtime, so this runs in the containers tier.
/// </summary>
[Trait(PlatformFixture.RuntimeTrait, "containers")]
public sealed partial class ModeParityTests
{
    [Fact]
    public async Task Resource_names_are_the_same_in_both_modes_and_the_manifest()
    {
        var processes = await ModelAsync("processes");
        var containers = await ModelAsync("containers");
        var manifest = ManifestResources()
            .Where(r => r.Value.GetProperty("type").GetString() is "container.v0" or "project.v0" ||
                        r.Value.GetProperty("type").GetString() == "value.v0" && !r.Key.StartsWith("cond-", StringComparison.Ordinal))
            .Select(r => r.Key).Order().ToList();

        Assert.Equal(manifest, ServiceNames(processes));
        Assert.Equal(manifest, ServiceNames(containers));
        Assert.Equal(["api", "cache", "mealplanner", "migrations", "pgbouncer", "postgres", "storage"], manifest);
    }

    [Fact]
    public async Task Postgres_and_redis_majors_are_the_same_in_both_modes_and_the_manifest()
    {
        var containers = await ModelAsync("containers");
        var manifestImages = ManifestResources().Where(r => r.Value.TryGetProperty("image", out _))
            .ToDictionary(r => r.Key, r => r.Value.GetProperty("image").GetString()!);

        var processesPostgres = MajorOf(Run(Path.Combine(ServerBinaries.FindPostgresBinDir(), "postgres"), "--version"));
        var processesRedis = MajorOf(Run(ServerBinaries.FindRedisServer(), "--version").Split(" v=")[1]);

        Assert.Equal("15", processesPostgres);
        Assert.Equal("7", processesRedis);
        Assert.Equal("15", TagOf(containers, "postgres"));
        Assert.Equal("7", TagOf(containers, "cache"));
        Assert.EndsWith("/library/postgres:15", manifestImages["postgres"]);
        Assert.EndsWith("/library/redis:7", manifestImages["cache"]);
    }

    [Theory]
    [InlineData("api")]
    [InlineData("migrations")]
    public async Task Environment_keys_of_the_programs_are_the_same_in_both_modes_and_the_manifest(string program)
    {
        var processes = await EnvironmentKeysAsync(await ModelAsync("processes"), program);
        var containers = await EnvironmentKeysAsync(await ModelAsync("containers"), program);
        var manifest = ManifestResources().Single(r => r.Key == program).Value.GetProperty("env")
            .EnumerateObject().Select(p => p.Name).Where(key => !AspireOwnKey().IsMatch(key)).Order().ToList();

        Assert.Equal(processes, containers);
        Assert.Equal(manifest, processes);
    }

    /// <summary>docker-compose.yml runs the programs without Aspire; they must still get the AppHost's keys, the trusted
    /// proxy networks and CORS origins included (compose fills the parameters the deploy settings fill in AWS).</summary>
    [Theory]
    [InlineData("api")]
    [InlineData("migrations")]
    public async Task Environment_keys_of_the_programs_in_docker_compose_are_the_apphosts(string program)
    {
        var apphost = await EnvironmentKeysAsync(await ModelAsync("processes"), program);
        var compose = ComposeEnvironmentKeys(program)
            .Where(key => !AspireOwnKey().IsMatch(key))
            .Order().ToList();

        Assert.Equal(apphost, compose);
    }

    [Fact]
    public async Task Health_paths_are_the_same_in_both_modes_and_in_the_deployers_settings()
    {
        var processes = HealthPaths(await ModelAsync("processes"));
        var containers = HealthPaths(await ModelAsync("containers"));

        Assert.Equal(processes, containers);
        Assert.Equal("/health", processes["api"]);
        foreach (var environment in new[] { "staging", "production" })
        {
            using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(
                DotEnvSettingsTests.RepositoryRoot(), "MealPlanner.Deploy", "settings", $"{environment}.json")),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var deployed = settings.RootElement.GetProperty("services").GetProperty("api").GetProperty("healthCheckPath").GetString();
            Assert.Equal(processes["api"], deployed);
        }
    }

    [Fact]
    public async Task The_registry_setting_replaces_only_the_registry_host_of_every_container_image()
    {
        var official = await ModelAsync("containers");
        var mirrored = await ModelAsync("containers", "ContainerImages:Registry=localhost/mealplanner");

        var before = Images(official);
        var after = Images(mirrored);

        Assert.Equal(["cache", "pgbouncer", "postgres", "storage"], after.Keys.Order());
        Assert.All(before.Values, image => Assert.Equal("docker.io", image.Registry));
        Assert.All(after, pair =>
        {
            Assert.Equal("localhost/mealplanner", pair.Value.Registry);
            Assert.Equal((before[pair.Key].Image, before[pair.Key].Tag), (pair.Value.Image, pair.Value.Tag));
        });
    }

    private static Dictionary<string, ContainerImageAnnotation> Images(IDistributedApplicationTestingBuilder builder) =>
        builder.Resources.OfType<ContainerResource>()
            .ToDictionary(r => r.Name, r => r.Annotations.OfType<ContainerImageAnnotation>().Single());

    private static Task<IDistributedApplicationTestingBuilder> ModelAsync(string runtime, params string[] settings) =>
        AppModel.BuildAsync(runtime, settings);

    // Aspire adds a hidden, internal "{project}-rebuilder" per project in run mode; it is the tooling's, not the graph's.
    private static List<string> ServiceNames(IDistributedApplicationTestingBuilder builder) =>
        builder.Resources.Where(r => r is not ParameterResource && r.GetType().Name != "ProjectRebuilderResource")
            .Select(r => r.Name).Order().ToList();

    private static string TagOf(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.Single(r => r.Name == name).Annotations.OfType<ContainerImageAnnotation>().Single().Tag!;

    private static async Task<List<string>> EnvironmentKeysAsync(IDistributedApplicationTestingBuilder builder, string program)
    {
        var resource = builder.Resources.OfType<IResourceWithEnvironment>().Single(r => r.Name == program);
#pragma warning disable CS0618 // Publish-mode evaluation needs no allocated endpoint, so it works on an unstarted model.
        var environment = await resource.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish);
#pragma warning restore CS0618
        return environment.Keys.Where(key => !AspireOwnKey().IsMatch(key)).Order().ToList();
    }

    /// <summary>The path of each HTTP health check, read from the key Aspire gives it.</summary>
    private static Dictionary<string, string> HealthPaths(IDistributedApplicationTestingBuilder builder) =>
        builder.Resources
            .SelectMany(r => r.Annotations.OfType<HealthCheckAnnotation>().Select(h => (r.Name, h.Key)))
            .Select(x => (x.Name, Match: HealthKeyPath().Match(x.Key)))
            .Where(x => x.Match.Success)
            .ToDictionary(x => x.Name, x => x.Match.Groups[1].Value);

    private static List<KeyValuePair<string, JsonElement>> ManifestResources()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(DotEnvSettingsTests.RepositoryRoot(), "aspire-manifest.json")));
        return manifest.RootElement.GetProperty("resources").EnumerateObject()
            .Select(p => KeyValuePair.Create(p.Name, p.Value.Clone())).ToList();
    }

    /// <summary>The keys under <c>services.NAME.environment</c> of docker-compose.yml (a mapping, two-space indents).</summary>
    private static List<string> ComposeEnvironmentKeys(string service)
    {
        var lines = File.ReadAllLines(Path.Combine(DotEnvSettingsTests.RepositoryRoot(), "docker-compose.yml"));
        var start = Array.IndexOf(lines, $"  {service}:");
        Assert.True(start >= 0, $"docker-compose.yml has no service {service}");
        var environment = Array.FindIndex(lines, start + 1, line => line == "    environment:");
        Assert.True(environment > start, $"service {service} in docker-compose.yml has no environment mapping");
        return lines.Skip(environment + 1)
            .Where(line => !line.TrimStart().StartsWith('#'))
            .TakeWhile(line => line.StartsWith("      ", StringComparison.Ordinal))
            .Select(line => ComposeKey().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value)
            .ToList();
    }

    private static string MajorOf(string version) => MajorVersion().Match(version).Groups[1].Value;

    private static string Run(string program, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    // Keys Aspire itself adds to every project (telemetry, launch settings, the published port); the parity is about ours.
    [GeneratedRegex("^(OTEL_|ASPNETCORE_|DOTNET_|LOGGING__|HTTP_PORTS$|HTTPS_PORTS$)")]
    private static partial Regex AspireOwnKey();

    [GeneratedRegex(@"_(/[^_]*)_")]
    private static partial Regex HealthKeyPath();

    [GeneratedRegex(@"^      ([A-Za-z_][A-Za-z0-9_]*):")]
    private static partial Regex ComposeKey();

    [GeneratedRegex(@"(\d+)\.")]
    private static partial Regex MajorVersion();
}
