using MealPlanner.Data;
using MealPlanner.Data.Seeding;
using MealPlanner.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MealPlanner.Tests.Database;

/// <summary>The migrate-and-seed unit the worker runs, in process, against scratch databases on the real server.</summary>
[Collection(PlatformCollection.Name)]
public sealed class MigratorTests(PlatformFixture platform)
{
    private const string AdminPassword = "scratch-admin-password-0123";

    private static int MigrationCount
    {
        get
        {
            using var db = new MealPlannerDbContext(new DbContextOptionsBuilder<MealPlannerDbContext>()
                .UseNpgsql().UseSnakeCaseNamingConvention().Options);
            return db.Database.GetMigrations().Count();
        }
    }

    [Fact]
    public async Task Running_twice_changes_nothing_the_second_time_and_seeds_exist_once()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(await platform.DirectAsync(), "twice");

        var first = await scratch.RunWorkerAsync(AdminPassword);
        var schemaAfterFirst = await SchemaCatalog.ReadAsync(scratch.ConnectionString);
        var dataAfterFirst = await DataFingerprintAsync(scratch.ConnectionString);
        var second = await scratch.RunWorkerAsync(AdminPassword);

        Assert.Equal(MigrationCount, first.AppliedMigrations.Count);
        Assert.Equal(new SeedReport(true, first.Seed.IngredientsCreated, SampleRecipes.All.Count), first.Seed);
        Assert.Empty(second.AppliedMigrations);
        Assert.False(second.Seed.ChangedAnything);
        SchemaCatalog.AssertSame(schemaAfterFirst, await SchemaCatalog.ReadAsync(scratch.ConnectionString));
        Assert.Equal(dataAfterFirst, await DataFingerprintAsync(scratch.ConnectionString));
        await AssertSeededOnceAsync(scratch.ConnectionString);
    }

    [Fact]
    public async Task Two_workers_at_once_both_succeed_and_the_schema_is_applied_once()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(await platform.DirectAsync(), "concurrent");

        var reports = await Task.WhenAll(
            Task.Run(() => scratch.RunWorkerAsync(AdminPassword)),
            Task.Run(() => scratch.RunWorkerAsync(AdminPassword)));

        // One migrated and seeded; the other waited for the lock, then found nothing to do.
        Assert.Equal([0, MigrationCount], reports.Select(r => r.AppliedMigrations.Count).Order());
        Assert.Single(reports, r => r.Seed.ChangedAnything);
        Assert.Equal(MigrationCount, await Sql.ScalarAsync<long>(scratch.ConnectionString, "SELECT count(*) FROM __ef_migrations_history"));
        await AssertSeededOnceAsync(scratch.ConnectionString);
    }

    [Fact]
    public async Task A_failing_migration_rolls_back_the_whole_run_and_reports_why()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(await platform.DirectAsync(), "failing");
        var before = await SchemaCatalog.ReadAsync(scratch.ConnectionString);

        var failure = await Assert.ThrowsAsync<PostgresException>(
            () => scratch.RunWorkerAsync(AdminPassword, DeliberatelyFailingMigration.Include));

        Assert.Contains(DeliberatelyFailingMigration.Reason, failure.Message);
        // Not even the real migrations that ran before it in the same run, nor the history table, remain.
        SchemaCatalog.AssertSame(before, await SchemaCatalog.ReadAsync(scratch.ConnectionString));
        Assert.Empty(before.Tables);

        var retry = await scratch.RunWorkerAsync(AdminPassword);
        Assert.Equal(MigrationCount, retry.AppliedMigrations.Count);
    }

    [Fact]
    public async Task Down_to_zero_removes_everything_and_up_again_rebuilds_the_same_schema()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(await platform.DirectAsync(), "downup");
        await scratch.RunWorkerAsync(AdminPassword);
        var up = await SchemaCatalog.ReadAsync(scratch.ConnectionString);

        await using (var db = scratch.NewContext())
        {
            await db.Database.MigrateAsync(Microsoft.EntityFrameworkCore.Migrations.Migration.InitialDatabase);
        }

        var down = await SchemaCatalog.ReadAsync(scratch.ConnectionString);
        Assert.Equal(["__ef_migrations_history"], down.Tables);
        Assert.Empty(down.Functions);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(scratch.ConnectionString, "SELECT count(*) FROM __ef_migrations_history"));

        var again = await scratch.RunWorkerAsync(AdminPassword);
        Assert.Equal(MigrationCount, again.AppliedMigrations.Count);
        SchemaCatalog.AssertSame(up, await SchemaCatalog.ReadAsync(scratch.ConnectionString));
    }

    [Fact]
    public async Task Updated_at_is_refreshed_by_any_update_even_raw_sql()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(await platform.DirectAsync(), "touch");
        await scratch.RunWorkerAsync(AdminPassword);
        const string Admin = "email = 'admin@mealplanner.com'";
        var before = await StampsAsync(scratch.ConnectionString, "users", Admin);

        await Sql.ExecuteAsync(scratch.ConnectionString, $"UPDATE users SET name = 'Renamed Admin' WHERE {Admin}");
        await Sql.ExecuteAsync(scratch.ConnectionString, "UPDATE recipes SET servings = servings");
        await Sql.ExecuteAsync(scratch.ConnectionString, "UPDATE ingredients SET name = name");

        var after = await StampsAsync(scratch.ConnectionString, "users", Admin);
        Assert.Equal(before.CreatedAt, after.CreatedAt);
        Assert.True(after.UpdatedAt > before.UpdatedAt, $"updated_at stayed at {after.UpdatedAt:O}");
        // Seeded in an earlier transaction, so a refreshed updated_at is strictly later than created_at.
        Assert.Equal(0L, await Sql.ScalarAsync<long>(scratch.ConnectionString, "SELECT count(*) FROM recipes WHERE updated_at <= created_at"));
        Assert.Equal(0L, await Sql.ScalarAsync<long>(scratch.ConnectionString, "SELECT count(*) FROM ingredients WHERE updated_at <= created_at"));
    }

    private static async Task<(DateTime CreatedAt, DateTime UpdatedAt)> StampsAsync(string connectionString, string table, string where)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT created_at, updated_at FROM {table} WHERE {where}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row in {table} where {where}");
        return (reader.GetDateTime(0), reader.GetDateTime(1));
    }

    /// <summary>Every seeded row with the columns a second run could have touched.</summary>
    private static async Task<List<string>> DataFingerprintAsync(string connectionString) =>
    [
        .. await Sql.RowsAsync(connectionString, "SELECT id, email, password_hash, role, updated_at FROM users ORDER BY id"),
        .. await Sql.RowsAsync(connectionString, "SELECT id, name, updated_at FROM ingredients ORDER BY id"),
        .. await Sql.RowsAsync(connectionString, "SELECT id, title, updated_at FROM recipes ORDER BY id"),
        .. await Sql.RowsAsync(connectionString, "SELECT recipe_id, ingredient_id, quantity FROM recipe_ingredients ORDER BY 1, 2"),
    ];

    private static async Task AssertSeededOnceAsync(string connectionString)
    {
        Assert.Equal(1L, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM users WHERE email = 'admin@mealplanner.com'"));
        Assert.Equal((long)SampleRecipes.All.Count, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM recipes"));
        var distinctIngredients = SampleRecipes.All.SelectMany(r => r.Lines).Select(l => l.Ingredient).Distinct().Count();
        Assert.Equal((long)distinctIngredients, await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM ingredients"));
        Assert.Equal((long)SampleRecipes.All.Sum(r => r.Lines.Length),
            await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM recipe_ingredients"));
    }
}
