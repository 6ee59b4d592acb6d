using System.Security.Cryptography;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MealPlanner.Tests.Platform;

/// <summary>
/// The whole AppHost, started once per test run in processes mode against real PostgreSQL and Redis, with a fresh
/// data folder and fresh secrets. Every resource's log goes to <c>TestResults/apphost.log</c> for post-mortems.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    public DistributedApplication App { get; private set; } = null!;
    public string DataRoot { get; } = Path.Combine(Path.GetTempPath(), $"mealplanner-tests-{Guid.NewGuid():N}"[..30]);
    public string PostgresPassword { get; } = NewSecret();
    public string CachePassword { get; } = NewSecret();
    public string AdminPassword { get; } = NewSecret();

    public ResourceNotificationService Notifications => App.Services.GetRequiredService<ResourceNotificationService>();
    public ResourceCommandService Commands => App.Services.GetRequiredService<ResourceCommandService>();

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.MealPlanner_AppHost>(
        [
            "LocalRuntime=processes",
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

    public async Task<string> ConnectionStringAsync(string resource) =>
        await App.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string");

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
