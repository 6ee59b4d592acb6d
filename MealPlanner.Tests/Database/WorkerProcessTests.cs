using System.Diagnostics;
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

        var first = await RunWorkerAsync(scratch.ConnectionString);
        var second = await RunWorkerAsync(scratch.ConnectionString);

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

        var run = await RunWorkerAsync(scratch.ConnectionString);

        Assert.True(run.ExitCode != 0, run.Output);
        Assert.Contains("relation \"meal_plan_entries\" already exists", run.Output);
        SchemaCatalog.AssertSame(before, await SchemaCatalog.ReadAsync(scratch.ConnectionString));
    }

    private static async Task<(int ExitCode, string Output)> RunWorkerAsync(string connectionString)
    {
        var worker = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { WorkerAssembly },
            Environment =
            {
                ["ConnectionStrings__mealplanner"] = connectionString,
                ["Seed__AdminPassword"] = AdminPassword,
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(worker)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The worker built beside these tests (the AppHost's project reference builds it), same configuration.</summary>
    private static string WorkerAssembly
    {
        get
        {
            var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testBin.Parent!.Name;
            var path = Path.Combine(SchemaTests.RepositoryRoot, "MealPlanner.MigrationService", "bin", configuration,
                testBin.Name, "MealPlanner.MigrationService.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first.", path);
        }
    }
}
