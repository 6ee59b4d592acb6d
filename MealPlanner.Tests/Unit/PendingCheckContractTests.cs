using System.Text.Json.Nodes;
using MealPlanner.Data.Migrating;

namespace MealPlanner.Tests.Unit;

/// <summary>The AppHost tells the deployer, in the manifest, how to ask the migration service whether migrations are
/// pending; the argument it names must be the one the service answers to, or the deployment would run a migration
/// where it meant to ask.</summary>
public sealed class PendingCheckContractTests
{
    [Fact]
    public void The_manifests_pending_check_of_migrations_is_the_argument_the_migration_service_answers()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", ".."));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "aspire-manifest.json")))!;

        var migrations = manifest["resources"]!["migrations"]!;

        Assert.Equal("runToCompletion", migrations["lifecycle"]!.GetValue<string>());
        Assert.Equal(MigrationCheck.Argument, migrations["pendingCheck"]!.GetValue<string>());
    }
}
