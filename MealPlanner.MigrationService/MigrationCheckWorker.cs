using MealPlanner.Data;
using MealPlanner.Data.Migrating;

namespace MealPlanner.MigrationService;

/// <summary>
/// <c>--check</c>: reports what a migration run would do as the exit code (<see cref="MigrationState"/>), and
/// changes nothing. The deployment's migration gate snapshots the database first when the answer is 3.
/// </summary>
internal sealed partial class MigrationCheckWorker(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<MigrationCheckWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MealPlannerDbContext>();
            var (state, pending) = await MigrationCheck.InspectAsync(db, stoppingToken);
            LogState(state, (int)state, pending.Count, pending.Count == 0 ? "none" : string.Join(", ", pending));
            Environment.ExitCode = (int)state;
        }
        catch (Exception ex)
        {
            LogFailed(ex, ex.Message);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Migration check: {State} (exit {ExitCode}); {Count} pending: {Pending}.")]
    private partial void LogState(MigrationState state, int exitCode, int count, string pending);

    [LoggerMessage(Level = LogLevel.Error, Message = "Migration check failed: {Reason}")]
    private partial void LogFailed(Exception exception, string reason);
}
