using Microsoft.EntityFrameworkCore;

namespace MealPlanner.Data.Migrating;

/// <summary>
/// What a deployment is about to do to the database, as the migration service's exit code under <c>--check</c>:
/// the deployment snapshots the database before migrating only when there is something to lose.
/// </summary>
public enum MigrationState
{
    /// <summary>Every migration is applied (seeds may still change, which is additive).</summary>
    UpToDate = 0,
    /// <summary>Migrations are pending on a database that already holds tables: snapshot first.</summary>
    PendingOnExistingSchema = 3,
    /// <summary>Migrations are pending on a database without tables (the first deployment): nothing to protect.</summary>
    PendingOnEmptyDatabase = 4,
}

/// <summary>Reads (never writes) the migration history and the catalog to tell the <see cref="MigrationState"/>.</summary>
public static class MigrationCheck
{
    public const string Argument = "--check";

    public static async Task<(MigrationState State, IReadOnlyList<string> Pending)> InspectAsync(MealPlannerDbContext db, CancellationToken ct)
    {
        var (_, pending) = await PendingMigrations.ListAsync(db, ct);
        if (pending.Count == 0)
        {
            return (MigrationState.UpToDate, pending);
        }

        // An empty history table (left by nothing, since a failed run rolls it back) is no data either.
        var tables = await db.Database
            .SqlQuery<long>($"""
                SELECT count(*) AS "Value" FROM information_schema.tables
                WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name <> {MealPlannerDbContextOptions.HistoryTable}
                """)
            .SingleAsync(ct);
        return (tables > 0 ? MigrationState.PendingOnExistingSchema : MigrationState.PendingOnEmptyDatabase, pending);
    }
}
