using MealPlanner.Tests.Platform;

namespace MealPlanner.Tests.Database;

/// <summary>
/// <c>MealPlanner.MigrationService --check</c> against real PostgreSQL: the exit code the deployment's migration gate
/// reads to decide whether to snapshot the database before migrating. It changes nothing.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class MigrationCheckTests(PlatformFixture platform)
{
    [Fact]
    public async Task An_empty_database_exits_4_a_migrated_one_0_and_neither_is_changed_by_the_check()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(await platform.DirectAsync(), "checkempty");

        var empty = await MigrationServiceProcess.RunAsync(scratch.ConnectionString, null, "--check");
        Assert.True(empty.ExitCode == 4, empty.Output);
        Assert.Equal(0L, await Sql.ScalarAsync<long>(scratch.ConnectionString,
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));

        await scratch.RunWorkerAsync("check-admin-password-0123");
        var migrated = await MigrationServiceProcess.RunAsync(scratch.ConnectionString, null, "--check");
        Assert.True(migrated.ExitCode == 0, migrated.Output);
    }

    [Fact]
    public async Task Pending_migrations_on_a_database_that_holds_tables_exit_3()
    {
        await using var scratch = await ScratchDatabase.CreateAsync(await platform.DirectAsync(), "checkschema");
        await Sql.ExecuteAsync(scratch.ConnectionString, "CREATE TABLE customer_notes (note text); INSERT INTO customer_notes VALUES ('keep me')");

        var run = await MigrationServiceProcess.RunAsync(scratch.ConnectionString, null, "--check");

        Assert.True(run.ExitCode == 3, run.Output);
        Assert.Contains("2 pending", run.Output);
    }
}
