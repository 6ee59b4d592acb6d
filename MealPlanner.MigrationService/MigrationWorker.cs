using System.Diagnostics;
using MealPlanner.Data;
using Microsoft.EntityFrameworkCore;

namespace MealPlanner.MigrationService;

/// <summary>Brings the database schema up to date, then stops the host. The exit code tells the
/// orchestrator (Aspire locally, the ECS deployment in AWS) whether the API may start.</summary>
internal sealed partial class MigrationWorker(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<MigrationWorker> logger) : BackgroundService
{
    public const string ActivitySourceName = ServiceDefaultsExtensions.TelemetrySourceName;
    private static readonly ActivitySource Activities = new(ActivitySourceName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = Activities.StartActivity("Migrating database", ActivityKind.Client);
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MealPlannerDbContext>();
            var pending = (await db.Database.GetPendingMigrationsAsync(stoppingToken)).ToArray();
            LogPending(pending.Length, string.Join(", ", pending));

            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(() => db.Database.MigrateAsync(stoppingToken));

            LogDone();
        }
        catch (Exception ex)
        {
            activity?.AddException(ex);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            LogFailed(ex, ex.Message);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} pending migration(s): {Migrations}")]
    private partial void LogPending(int count, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database is up to date.")]
    private partial void LogDone();

    [LoggerMessage(Level = LogLevel.Error, Message = "Migration failed, the API must not start: {Reason}")]
    private partial void LogFailed(Exception exception, string reason);
}
