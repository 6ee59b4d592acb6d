using MealPlanner.Data;
using MealPlanner.Data.Migrating;
using MealPlanner.Data.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MealPlanner.Tests.Database;

/// <summary>
/// A uniquely named, empty database on the platform's PostgreSQL server, dropped on dispose, for tests that
/// migrate, break or roll back a schema without touching the shared <c>mealplanner</c> database.
/// </summary>
internal sealed class ScratchDatabase : IAsyncDisposable
{
    private readonly string _serverConnectionString;

    private ScratchDatabase(string serverConnectionString, string name)
    {
        _serverConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    /// <param name="serverConnectionString">Any direct connection string to the server (the shared database's will do).</param>
    /// <param name="purpose">A word that says which test made it, for whoever finds it left behind.</param>
    public static async Task<ScratchDatabase> CreateAsync(string serverConnectionString, string purpose)
    {
        var scratch = new ScratchDatabase(serverConnectionString, $"scratch_{purpose}_{Guid.NewGuid():N}"[..40]);
        await Sql.ExecuteAsync(serverConnectionString, $"CREATE DATABASE \"{scratch.Name}\"");
        return scratch;
    }

    public MealPlannerDbContext NewContext(Action<DbContextOptionsBuilder>? customise = null)
    {
        var options = new DbContextOptionsBuilder<MealPlannerDbContext>();
        MealPlannerDbContextOptions.Configure(options, ConnectionString);
        customise?.Invoke(options);
        return new MealPlannerDbContext(options.Options);
    }

    /// <summary>One in-process run of what the migration worker does, on its own context like a separate worker.</summary>
    public async Task<MigrationReport> RunWorkerAsync(string adminPassword, Action<DbContextOptionsBuilder>? customise = null)
    {
        await using var db = NewContext(customise);
        var migrator = new DatabaseMigrator(db, NullLogger<DatabaseMigrator>.Instance);
        return await migrator.MigrateAndSeedAsync(new SeedSettings(adminPassword), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await Sql.ExecuteAsync(_serverConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }
}
