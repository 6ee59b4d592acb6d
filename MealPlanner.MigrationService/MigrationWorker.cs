using System.Diagnostics;
using MealPlanner.Data.Migrating;
using MealPlanner.Data.Seeding;

namespace MealPlanner.MigrationService;

/// <summary>Brings the database schema up to date and seeds it, then stops the host. The exit code tells the
/// orchestrator (Aspire locally, the ECS deployment in AWS) whether the API may start.</summary>
internal sealed partial class MigrationWorker(
    IServiceProvider services,
    SeedSettings seed,
    MigrationMetrics metrics,
    IHostApplicationLifetime lifetime,
    ILogger<MigrationWorker> logger) : BackgroundService
{
    public const string ActivitySourceName = ServiceDefaultsExtensions.TelemetrySourceName;
    private static readonly ActivitySource Activities = new(ActivitySourceName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = Activities.StartActivity("Migrating database", ActivityKind.Client);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var scope = services.CreateAsyncScope();
            var migrator = scope.ServiceProvider.GetRequiredService<DatabaseMigrator>();
            var report = await migrator.MigrateAndSeedAsync(seed, stoppingToken);
            activity?.SetTag("migrations.applied", report.AppliedMigrations.Count);
            metrics.RecordRun(Stopwatch.GetElapsedTime(started), succeeded: true, report.AppliedMigrations.Count);
            LogDone(report.AppliedMigrations.Count, report.Seed.ChangedAnything);
        }
        catch (Exception ex)
        {
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            metrics.RecordRun(Stopwatch.GetElapsedTime(started), succeeded: false, applied: 0);
            LogFailed(ex, ex.Message);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Database is up to date ({Applied} migration(s) applied by this run, seeds changed: {Seeded}).")]
    private partial void LogDone(int applied, bool seeded);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "Migration failed and was rolled back; the API must not start. Reason: {Reason}")]
    private partial void LogFailed(Exception exception, string reason);
}
