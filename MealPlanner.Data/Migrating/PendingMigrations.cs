using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace MealPlanner.Data.Migrating;

/// <summary>
/// Applies the migrations the database has not seen, as SQL inside the caller's transaction. EF Core's own
/// <c>MigrateAsync</c> manages its own transactions and refuses to run inside one; running the generated SQL
/// ourselves is what lets one transaction hold the lock, every pending migration and the seeds, so a failure
/// anywhere leaves the database exactly as it was.
/// </summary>
internal static class PendingMigrations
{
    /// <summary>Generous: a migration that rewrites a big table takes longer than the default 30 s.</summary>
    private static readonly TimeSpan StatementTimeout = TimeSpan.FromMinutes(10);

    public static async Task<IReadOnlyList<string>> ApplyAsync(MealPlannerDbContext db, CancellationToken ct)
    {
        var history = db.GetService<IHistoryRepository>();
        await ExecuteAsync(db.Database, history.GetCreateIfNotExistsScript(), ct);

        var (applied, pending) = await ListAsync(db, ct);
        if (pending.Count == 0)
        {
            return [];
        }

        var lastApplied = applied.Order(StringComparer.Ordinal).LastOrDefault();
        if (lastApplied is not null && string.CompareOrdinal(pending[0], lastApplied) < 0)
        {
            // A script from the last applied migration onwards would silently skip this one.
            throw new InvalidOperationException(
                $"Migration {pending[0]} is older than the already applied {lastApplied}; re-create it after {lastApplied}.");
        }

        var script = db.GetService<IMigrator>().GenerateScript(
            lastApplied ?? Migration.InitialDatabase, pending[^1], MigrationsSqlGenerationOptions.NoTransactions);
        await ExecuteAsync(db.Database, script, ct);
        return pending;
    }

    /// <summary>What the history table lists as applied and what the assembly has beyond it; reads only (no history table is fine).</summary>
    public static async Task<(HashSet<string> Applied, List<string> Pending)> ListAsync(MealPlannerDbContext db, CancellationToken ct)
    {
        var history = db.GetService<IHistoryRepository>();
        var applied = await history.ExistsAsync(ct)
            ? (await history.GetAppliedMigrationsAsync(ct)).Select(row => row.MigrationId).ToHashSet()
            : [];
        var pending = db.GetService<IMigrationsAssembly>().Migrations.Keys
            .Where(id => !applied.Contains(id))
            .Order(StringComparer.Ordinal)
            .ToList();
        return (applied, pending);
    }

    private static async Task ExecuteAsync(DatabaseFacade database, string sql, CancellationToken ct)
    {
        await using var command = database.GetDbConnection().CreateCommand();
        command.Transaction = database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        command.CommandTimeout = (int)StatementTimeout.TotalSeconds;
        await command.ExecuteNonQueryAsync(ct);
    }
}
