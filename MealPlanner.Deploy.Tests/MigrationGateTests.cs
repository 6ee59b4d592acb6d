using System.Diagnostics;
using System.Text.Json.Nodes;
using MealPlanner.Deploy.Infrastructure;

namespace MealPlanner.Deploy.Tests;

/// <summary>
/// The migration gate's Lambda code (migration-gate.js, as embedded in the deployer) run by Node with fake
/// @aws-sdk clients: the Provider framework's onEvent, then isComplete polled until done or failed.
/// </summary>
public sealed class MigrationGateWithFakeAwsTests : IDisposable
{
    private const string Snapshot = "meal-planner-production-pre-migration-1234567890ab";
    private readonly string _folder = Directory.CreateTempSubdirectory("migration-gate-").FullName;

    [Fact]
    public void Nothing_pending_runs_the_check_then_the_migration_and_takes_no_snapshot_WithFakeAws()
    {
        var run = Run(check: 0, migration: 0);

        Assert.Null(run.Error);
        Assert.Equal(["RunTask check [--check]", "RunTask run"], run.Calls);
        Assert.Equal("none", run.Data!["PreMigrationSnapshot"]!.GetValue<string>());
    }

    [Fact]
    public void Pending_on_existing_tables_takes_a_snapshot_before_migrating_and_reports_its_name_WithFakeAws()
    {
        var run = Run(check: 3, migration: 0);

        Assert.Null(run.Error);
        Assert.Equal(["RunTask check [--check]", $"CreateDBSnapshot meal-planner-production-db {Snapshot}", "RunTask run"], run.Calls);
        Assert.Equal(Snapshot, run.Data!["PreMigrationSnapshot"]!.GetValue<string>());
    }

    [Fact]
    public void An_empty_database_is_migrated_without_a_snapshot_WithFakeAws()
    {
        var run = Run(check: 4, migration: 0);

        Assert.Null(run.Error);
        Assert.Equal(["RunTask check [--check]", "RunTask run"], run.Calls);
        Assert.Equal("none", run.Data!["PreMigrationSnapshot"]!.GetValue<string>());
    }

    [Fact]
    public void A_failing_migration_fails_the_gate_with_a_message_that_names_the_snapshot_WithFakeAws()
    {
        var run = Run(check: 3, migration: 1);

        Assert.Null(run.Data);
        Assert.Contains("migrations failed (exit 1)", run.Error);
        Assert.Contains($"pre-migration snapshot {Snapshot}", run.Error);
    }

    [Fact]
    public void A_failing_check_migrates_nothing_WithFakeAws()
    {
        var run = Run(check: 1, migration: 0);

        Assert.Contains("--check failed (exit 1)", run.Error);
        Assert.Equal(["RunTask check [--check]"], run.Calls);
    }

    [Fact]
    public void Without_a_database_the_task_just_runs_to_completion_WithFakeAws()
    {
        var run = Run(check: null, migration: 0);

        Assert.Null(run.Error);
        Assert.Equal(["RunTask run"], run.Calls);
    }

    private sealed record GateRun(JsonObject? Data, string? Error, IReadOnlyList<string> Calls);

    private GateRun Run(int? check, int migration)
    {
        var gate = Path.Combine(_folder, "migration-gate.js");
        File.WriteAllText(gate, OneOffTask.RunnerCode);
        var harness = Path.Combine(AppContext.BaseDirectory, "MigrationGate", "harness.js");
        var scenario = new JsonObject { ["check"] = check, ["run"] = migration }.ToJsonString();
        var start = new ProcessStartInfo("node") { ArgumentList = { harness, gate, scenario }, RedirectStandardOutput = true, RedirectStandardError = true };

        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEnd();
        var stderr = node.StandardError.ReadToEnd();
        Assert.True(node.WaitForExit(TimeSpan.FromSeconds(30)), "node did not finish");
        Assert.True(node.ExitCode == 0, stderr);

        var result = JsonNode.Parse(stdout)!.AsObject();
        var calls = result["calls"]!.AsArray().Select(c => c!["call"]!.GetValue<string>() switch
        {
            "RunTask" => $"RunTask {c["startedBy"]!.GetValue<string>().Split('-')[0]}{(c["command"] is JsonArray a ? $" [{string.Join(" ", a.Select(x => x!.GetValue<string>()))}]" : "")}",
            var other => $"{other} {c["instance"]} {c["snapshot"]}",
        }).ToList();
        return new GateRun(result["data"] as JsonObject, result["error"]?.GetValue<string>(), calls);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

/// <summary>The gate as synthesized: what it is told, what its functions may do, and the stack output.</summary>
[Collection(SynthCollection.Name)]
public sealed class MigrationGateTests(SynthFixture synth)
{
    [Fact]
    public void The_migration_gate_checks_first_and_knows_the_instance_and_snapshot_prefix()
    {
        var s = synth.Committed("production");
        var gate = s.PlatformJson["Resources"]!.AsObject().Single(r => r.Value!["Type"]!.GetValue<string>() == "Custom::RunTaskToCompletion").Value!["Properties"]!;

        Assert.Equal("--check", gate["CheckCommand"]!.GetValue<string>());
        Assert.Equal("meal-planner-production-pre-migration", gate["SnapshotPrefix"]!.GetValue<string>());
        Assert.Equal(s.Deployment.Platform.Database!.InstanceIdentifier, gate["DbInstanceIdentifier"]!.GetValue<string>());
        Assert.Contains("CreateDBSnapshotCommand", s.PlatformJson.ToJsonString());
    }

    [Fact]
    public void A_run_to_completion_project_without_a_pending_check_in_the_manifest_just_runs_and_may_not_snapshot()
    {
        // The fixture's migrations are marked runToCompletion but name no "pendingCheck", beside a postgres.
        var s = synth.BackgroundWorker;
        var gate = s.PlatformJson["Resources"]!.AsObject().Single(r => r.Value!["Type"]!.GetValue<string>() == "Custom::RunTaskToCompletion").Value!["Properties"]!;

        Assert.Equal("", gate["CheckCommand"]!.GetValue<string>());
        Assert.Equal("", gate["DbInstanceIdentifier"]!.GetValue<string>());
        Assert.DoesNotContain("rds:CreateDBSnapshot", s.PlatformJson.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_polling_function_may_snapshot_and_only_this_instance_under_the_pre_migration_prefix()
    {
        var s = synth.Committed("production");
        var statements = s.Resources("AWS::IAM::Policy")
            .SelectMany(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
            .Where(st => st!["Action"]!.ToJsonString().Contains("rds:"))
            .ToList();

        var actions = statements.SelectMany(st => st!["Action"] is JsonArray a ? a.Select(x => x!.GetValue<string>()) : [st["Action"]!.GetValue<string>()]).Order().ToList();
        Assert.Equal(["rds:AddTagsToResource", "rds:CreateDBSnapshot", "rds:DescribeDBSnapshots"], actions);
        var resources = string.Join(" ", statements.Select(st => st!["Resource"]!.ToJsonString()));
        Assert.Contains(":db:meal-planner-production-", resources);
        Assert.Contains(":snapshot:meal-planner-production-pre-migration-*", resources);
        Assert.DoesNotContain("\"*\"", resources);
    }

    [Fact]
    public void The_stack_outputs_the_pre_migration_snapshot_name()
    {
        var output = synth.Committed("production").PlatformJson["Outputs"]!["PreMigrationSnapshot"]!;

        Assert.Contains("PreMigrationSnapshot", output["Value"]!.ToJsonString());
        Assert.Contains("Fn::GetAtt", output["Value"]!.ToJsonString());
    }
}
