using MealPlanner.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace MealPlanner.Data.Migrating;

/// <summary>What one run did: the migrations it applied (none when another worker had) and the rows it seeded.</summary>
public sealed record MigrationReport(IReadOnlyList<string> AppliedMigrations, SeedReport Seed);

/// <summary>
/// Brings a database up to date and seeds it, safely when several workers start at once: under an advisory lock,
/// in one transaction, inside the execution strategy. The worker that gets the lock first migrates; the others
/// wait, then find nothing to do. A failure rolls everything back and surfaces as the exception.
/// </summary>
public sealed partial class DatabaseMigrator(MealPlannerDbContext db, ILogger<DatabaseMigrator> logger)
{
    public async Task<MigrationReport> MigrateAndSeedAsync(SeedSettings seed, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        // A transient failure (connection lost, serialization) re-runs the whole unit: the transaction it was in
        // is gone, so re-reading the history under the lock is what makes the retry correct.
        return await strategy.ExecuteAsync(attemptCt => RunOnceAsync(seed, attemptCt), ct);
    }

    private async Task<MigrationReport> RunOnceAsync(SeedSettings seed, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        LogWaitingForLock(logger, MigrationLock.Key);
        var waited = await MigrationLock.AcquireAsync(db.Database, ct);
        LogLockAcquired(logger, waited.TotalMilliseconds);

        var applied = await PendingMigrations.ApplyAsync(db, ct);
        LogApplied(logger, applied.Count, applied.Count == 0 ? "none pending" : string.Join(", ", applied));

        var seeded = await new DatabaseSeeder(db).SeedAsync(seed, ct);
        LogSeeded(logger, seeded.AdminCreated, seeded.IngredientsCreated, seeded.RecipesCreated);

        await transaction.CommitAsync(ct);
        return new MigrationReport(applied, seeded);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for the migration lock (advisory lock {Key}).")]
    private static partial void LogWaitingForLock(ILogger logger, long key);

    [LoggerMessage(Level = LogLevel.Information, Message = "Migration lock acquired after {WaitedMs:F0} ms.")]
    private static partial void LogLockAcquired(ILogger logger, double waitedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migration(s): {Migrations}.")]
    private static partial void LogApplied(ILogger logger, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Seeded: admin created {AdminCreated}, {Ingredients} ingredient(s), {Recipes} recipe(s).")]
    private static partial void LogSeeded(ILogger logger, bool adminCreated, int ingredients, int recipes);
}
