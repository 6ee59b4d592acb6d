using MealPlanner.Data;
using MealPlanner.Tests.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace MealPlanner.Tests.Database;

/// <summary>The schema the platform's migration worker left in the shared <c>mealplanner</c> database.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SchemaTests(PlatformFixture platform)
{
    [Fact]
    public async Task Users_table_matches_the_spec_ddl_column_by_column_and_index_by_index()
    {
        await using var reference = await ScratchDatabase.CreateAsync(await platform.DirectAsync(), "specddl");
        await Sql.ExecuteAsync(reference.ConnectionString, SpecDdl.CreateUsers);
        var spec = await SchemaCatalog.ReadAsync(reference.ConnectionString, "users");

        var live = await SchemaCatalog.ReadAsync(await platform.DirectAsync(), "users");

        Assert.Equal(spec.Columns, live.Columns);
        Assert.Equal(spec.Indexes, live.Indexes);
        Assert.Equal(spec.Constraints, live.Constraints);
    }

    [Fact]
    public async Task The_worker_applied_every_migration_to_the_shared_database()
    {
        using var db = DesignTimeContext();

        var applied = await Sql.RowsAsync(await platform.DirectAsync(), "SELECT migration_id FROM __ef_migrations_history ORDER BY 1");

        Assert.Equal(db.Database.GetMigrations(), applied);
    }

    [Theory]
    [InlineData("recipes_servings_check", "UPDATE recipes SET servings = 0")]
    [InlineData("recipe_ingredients_quantity_check", "UPDATE recipe_ingredients SET quantity = 0")]
    [InlineData("meal_plan_entries_meal_type_check", """
        WITH plan AS (INSERT INTO meal_plans (user_id, name, starts_on, ends_on)
                      SELECT id, 'probe', current_date, current_date FROM users LIMIT 1 RETURNING id)
        INSERT INTO meal_plan_entries (meal_plan_id, recipe_id, planned_on, meal_type)
        SELECT plan.id, (SELECT id FROM recipes LIMIT 1), current_date, 'brunch' FROM plan
        """)]
    [InlineData("meal_plan_entries_servings_check", """
        WITH plan AS (INSERT INTO meal_plans (user_id, name, starts_on, ends_on)
                      SELECT id, 'probe', current_date, current_date FROM users LIMIT 1 RETURNING id)
        INSERT INTO meal_plan_entries (meal_plan_id, recipe_id, planned_on, meal_type, servings)
        SELECT plan.id, (SELECT id FROM recipes LIMIT 1), current_date, 'dinner', -1 FROM plan
        """)]
    [InlineData("meal_plans_dates_check", "INSERT INTO meal_plans (user_id, name, starts_on, ends_on) SELECT id, 'probe', current_date, current_date - 1 FROM users LIMIT 1")]
    [InlineData("users_email_key", "INSERT INTO users (email, password_hash, name) VALUES ('admin@mealplanner.com', 'x', 'Impostor')")]
    [InlineData("recipe_ingredients_ingredient_id_fkey", "DELETE FROM ingredients")]
    public async Task The_database_refuses_rows_that_break_the_rules(string constraint, string sql)
    {
        await using var connection = new NpgsqlConnection(await platform.DirectAsync());
        await connection.OpenAsync();
        // Rolled back whatever happens: the shared database is read by other tests.
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(sql, connection, transaction);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.Equal(constraint, refused.ConstraintName);
    }

    [Fact]
    public void The_migrations_cover_every_change_to_the_model()
    {
        using var db = DesignTimeContext();

        Assert.False(db.Database.HasPendingModelChanges(), "run: dotnet ef migrations add <Name> --project MealPlanner.Data");
    }

    [Fact]
    public void The_reviewed_idempotent_script_is_current()
    {
        using var db = DesignTimeContext();
        var expected = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var committed = File.ReadAllText(Path.Combine(RepositoryRoot, IdempotentScriptPath));

        Assert.True(Normalise(expected) == Normalise(committed),
            $"{IdempotentScriptPath} is stale; regenerate it: dotnet ef migrations script --idempotent " +
            $"--project MealPlanner.Data --startup-project MealPlanner.Data -o {IdempotentScriptPath}");
    }

    [Fact]
    public async Task The_reviewed_script_builds_the_same_schema_as_the_worker_and_rerunning_it_changes_nothing()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot, IdempotentScriptPath));
        await using var byScript = await ScratchDatabase.CreateAsync(await platform.DirectAsync(), "script");

        await Sql.ExecuteAsync(byScript.ConnectionString, script);
        var once = await SchemaCatalog.ReadAsync(byScript.ConnectionString);
        await Sql.ExecuteAsync(byScript.ConnectionString, script);

        SchemaCatalog.AssertSame(once, await SchemaCatalog.ReadAsync(byScript.ConnectionString));
        var live = await SchemaCatalog.ReadAsync(await platform.DirectAsync());
        // The shared database may hold other tests' probe tables: compare the tables the migrations own.
        var owned = new HashSet<string>(once.Tables);
        SchemaCatalog.AssertSame(once, live.Only(owned));
    }

    public const string IdempotentScriptPath = "migrations/mealplanner.idempotent.sql";

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MealPlanner.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("MealPlanner.sln not found above " + AppContext.BaseDirectory);
    }

    private static string Normalise(string sql) => sql.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\uFEFF', '\n', ' ');

    /// <summary>A context with no connection: the model, migrations and script generator need none.</summary>
    private static MealPlannerDbContext DesignTimeContext()
    {
        var options = new DbContextOptionsBuilder<MealPlannerDbContext>();
        // Nothing connects; building the data source (which the IAM sign-in rule configures) still needs a host.
        MealPlannerDbContextOptions.Configure(options, "Host=localhost;Database=mealplanner");
        return new MealPlannerDbContext(options.Options);
    }
}
