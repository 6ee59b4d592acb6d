using MealPlanner.Tests.Platform;

namespace MealPlanner.Tests.Database;

/// <summary>The MealPlanner.MigrationService executable itself, as ECS or Aspire runs it: exit code and log.</summary>
[Collection(PlatformCollection.Name)]
public sealed class WorkerProcessTests(PlatformFixture platform)
{
    private const string AdminPassword = "process-admin-password-0123";

    [Fact]
    public async Task Two_runs_on_an_empty_database_exit_zero_and_leave_the_spec_schema_with_seeds_once()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(await platform.DirectAsync(), "process");

        var first = await MigrationServiceProcess.RunAsync(scratch.ConnectionString, AdminPassword);
        var second = await MigrationServiceProcess.RunAsync(scratch.ConnectionString, AdminPassword);

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("0 migration(s) applied by this run, seeds changed: False", second.Output);
        SchemaCatalog.AssertSame(await SchemaCatalog.ReadAsync(await platform.DirectAsync(), "users"),
            await SchemaCatalog.ReadAsync(scratch.ConnectionString, "users"));
        Assert.Equal(10L, await Sql.ScalarAsync<long>(scratch.ConnectionString, "SELECT count(*) FROM recipes"));
        var hash = await Sql.ScalarAsync<string>(scratch.ConnectionString, "SELECT password_hash FROM users WHERE role = 'admin'");
        Assert.True(BCrypt.Net.BCrypt.Verify(AdminPassword, hash));
    }

    [Fact]
    public async Task A_failing_migration_exits_non_zero_with_the_reason_and_leaves_the_schema_as_it_was()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(await platform.DirectAsync(), "processfail");
        // Someone's hand-made table where the second migration wants to create its own: the first migration
        // succeeds in the same run, the second fails.
        await Sql.ExecuteAsync(scratch.ConnectionString, "CREATE TABLE meal_plan_entries (note text)");
        var before = await SchemaCatalog.ReadAsync(scratch.ConnectionString);

        var run = await MigrationServiceProcess.RunAsync(scratch.ConnectionString, AdminPassword);

        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains("relation \"meal_plan_entries\" already exists", run.Output);
        SchemaCatalog.AssertSame(before, await SchemaCatalog.ReadAsync(scratch.ConnectionString));
    }
}
