using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MealPlanner.Tests.Platform;

/// <summary>
/// The whole AppHost, started once per test run against real PostgreSQL, PgBouncer, Redis and an S3 store, with fresh
/// data and fresh secrets. The same tests run in either local runtime: processes (the default) or containers, chosen by
/// <c>MEALPLANNER_TEST_RUNTIME</c>; containers mode takes its image registry from <c>MEALPLANNER_TEST_IMAGE_REGISTRY</c>
/// (<c>localhost/mealplanner</c> for the local stand-ins; unset for the official images).
/// Every resource's log goes to <c>TestResults/apphost.log</c> for post-mortems.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    /// <summary><c>processes</c> or <c>containers</c>.</summary>
    public static string Runtime { get; } = System.Environment.GetEnvironmentVariable("MEALPLANNER_TEST_RUNTIME") is { Length: > 0 } runtime
        ? runtime.Trim().ToLowerInvariant()
        : "processes";

    public static bool IsContainers => Runtime == "containers";

    /// <summary>Marks a test that only one runtime can run: <c>[Trait(RuntimeTrait, "processes")]</c>; the containers
    /// tier filters those out (<c>--filter Runtime!=processes</c>).</summary>
    public const string RuntimeTrait = "Runtime";

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>Names this run's data: the processes-mode folder, and the prefix of the containers-mode volumes.</summary>
    public string RunName { get; } = $"mealplanner-tests-{Guid.NewGuid():N}"[..30];
    public string DataRoot => Path.Combine(Path.GetTempPath(), RunName);
    public string PostgresPassword { get; } = NewSecret();
    public string CachePassword { get; } = NewSecret();
    public string AdminPassword { get; } = NewSecret();

    public ResourceNotificationService Notifications => App.Services.GetRequiredService<ResourceNotificationService>();
    public ResourceCommandService Commands => App.Services.GetRequiredService<ResourceCommandService>();

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MealPlanner_AppHost>(
        [
            $"LocalRuntime={Runtime}",
            $"ContainerImages:Registry={System.Environment.GetEnvironmentVariable("MEALPLANNER_TEST_IMAGE_REGISTRY")}",
            $"ContainerVolumes:Prefix={RunName}",
            "Api:Replicas=2",
            $"LocalData:Path={DataRoot}",
            $"Parameters:postgres-password={PostgresPassword}",
            $"Parameters:cache-password={CachePassword}",
            $"Parameters:admin-password={AdminPassword}",
        ],
        (options, _) => options.DisableDashboard = true);

        // With the dashboard off nothing listens for OTLP, and an exporter aimed at a dead endpoint holds every
        // project's shutdown for ~13 s while it retries. Telemetry export is the dashboard's business, not these tests'.
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context =>
                context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }

        builder.Services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Information)
            .AddProvider(new FileLoggerProvider(LogPath)));

        App = await builder.BuildAsync();
        using var cts = new CancellationTokenSource(StartTimeout);
        await App.StartAsync(cts.Token);
        await WaitHealthyAsync("api", cts.Token);
    }

    public static string LogPath { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "apphost.log");

    /// <summary>Waits for a resource to be healthy, failing at once (with its log) if it fails to start or exits.</summary>
    public async Task WaitHealthyAsync(string resource, CancellationToken ct)
    {
        var outcome = await Notifications.WaitForResourceAsync(resource, e =>
            e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy &&
            e.Snapshot.State?.Text == KnownResourceStates.Running ||
            e.Snapshot.State?.Text is "FailedToStart" or "Exited" or "Finished", ct);
        if (outcome.Snapshot.State?.Text != KnownResourceStates.Running)
        {
            throw new InvalidOperationException(
                $"{resource} ended as {outcome.Snapshot.State?.Text} (exit code {outcome.Snapshot.ExitCode}); see {LogPath}");
        }
    }

    /// <summary>Starts a stopped resource, once it has stopped, and waits until it is healthy again. Right after the command the snapshot can
    /// still show the stopped state (a container takes a moment to be recreated), which a plain wait would take for
    /// the end: first wait until the resource has left it.</summary>
    public async Task StartAgainAsync(string resource, CancellationToken ct, bool settle = true)
    {
        // A stop command returns before the stop has finished; starting a resource that is still stopping is undefined.
        await Notifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text is "Exited" or "Finished", ct);
        var result = await Commands.ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand, ct);
        if (!result.Success)
        {
            throw new InvalidOperationException($"starting {resource} failed: {result.Message}; see {LogPath}");
        }

        await Notifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text is not ("Exited" or "Finished"), ct);
        await WaitHealthyAsync(resource, ct);
        if (settle)
        {
            await WaitApiSettledAsync(ct);
        }
    }

    /// <summary>After a restart the API's clients reconnect on their own, and its Redis guard keeps a short cool-down:
    /// the tests that come next must not land in that window (how fast the API recovers is the fault tests' subject,
    /// measured there). Settled: /health has answered 200 on every try for a few seconds, on both replicas.</summary>
    public async Task WaitApiSettledAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = App.GetEndpoint("api", "http"), Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.ConnectionClose = true; // each try opens a connection: the proxy alternates replicas
        var healthySince = (DateTime?)null;
        while (healthySince is null || DateTime.UtcNow - healthySince < TimeSpan.FromSeconds(3))
        {
            using var response = await http.GetAsync("/health", ct);
            healthySince = response.IsSuccessStatusCode ? healthySince ?? DateTime.UtcNow : null;
            await Task.Delay(250, ct);
        }
    }

    /// <summary>Stops a resource and waits until it has stopped.</summary>
    public async Task StopAsync(string resource, CancellationToken ct)
    {
        var result = await Commands.ExecuteCommandAsync(resource, KnownResourceCommands.StopCommand, ct);
        if (!result.Success)
        {
            throw new InvalidOperationException($"stopping {resource} failed: {result.Message}; see {LogPath}");
        }

        await Notifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text is "Exited" or "Finished", ct);
    }

    /// <summary>The environment the orchestrator hands a resource (connection strings resolved).</summary>
    public async Task<Dictionary<string, string>> EnvironmentOfAsync(string resource)
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();
        var target = model.Resources.OfType<IResourceWithEnvironment>().Single(r => r.Name == resource);
#pragma warning disable CS0618 // The testing-friendly way to read what the orchestrator hands a resource.
        return await target.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);
#pragma warning restore CS0618
    }

    /// <summary>The names of a resource's running instances (the API's replicas).</summary>
    public async Task<IReadOnlyList<string>> InstancesOfAsync(string resource, int expected, CancellationToken ct)
    {
        var instances = new HashSet<string>();
        // The watch replays every resource's current state first.
        await foreach (var e in Notifications.WatchAsync(ct))
        {
            if (e.Resource.Name == resource && e.ResourceId != resource && instances.Add(e.ResourceId) && instances.Count == expected)
            {
                break;
            }
        }

        return [.. instances];
    }

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string");

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        if (IsContainers)
        {
            // Volumes outlive their containers by design; a test run's are of no use to anyone after it.
            var volumes = await Docker.VolumesNamedAsync(RunName);
            if (volumes.Count > 0)
            {
                await Docker.RunAsync(["volume", "rm", "--force", .. volumes]);
            }
        }
    }

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
