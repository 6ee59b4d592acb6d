using System.Text.Json.Nodes;

namespace MealPlanner.Deploy.Tests;

/// <summary>
/// Every resource that holds data keeps it on update and stack deletion, and none blocks the retry of a
/// failed first create: "RetainExceptOnCreate" lets the rollback delete what it just created (fixed names
/// come free again), "Snapshot" deletes the instance after a final snapshot whose name CloudFormation generates,
/// and "Retain" is only used where the resource's own name is generated.
/// </summary>
[Collection(SynthCollection.Name)]
public sealed class RetentionTests(SynthFixture synth)
{
    private const string KeptExceptOnCreate = "RetainExceptOnCreate";

    /// <summary>stack, resource type, which ones (a predicate's name), DeletionPolicy, UpdateReplacePolicy (null = not set, CloudFormation's Delete).</summary>
    public static TheoryData<string, string, string, string?, string?> DataHolders => new()
    {
        { "platform", "AWS::S3::Bucket", "images bucket (fixed name)", KeptExceptOnCreate, "Retain" },
        // Generated name, so a retained copy never blocks a retry; deleting it on rollback could fail (ALB logs already in it).
        { "platform", "AWS::S3::Bucket", "access-log bucket (generated name)", "Retain", "Retain" },
        { "platform", "AWS::SecretsManager::Secret", "secrets of the environment", KeptExceptOnCreate, "Retain" },
        // Connection strings composed from endpoints and the secrets above at every deployment: nothing to keep.
        { "platform", "AWS::SecretsManager::Secret", "composed secrets", "Delete", "Delete" },
        // A final snapshot with a generated name: nothing left behind blocks the retry.
        { "platform", "AWS::RDS::DBInstance", "all", "Snapshot", "Snapshot" },
        // A cache: its content is rebuilt from the database, and the daily snapshots cover an accident.
        { "platform", "AWS::ElastiCache::ReplicationGroup", "all", null, null },
        // Keys only encrypt the log groups, which are deleted with the stack too.
        { "platform", "AWS::KMS::Key", "all", "Delete", "Delete" },
        { "registry", "AWS::ECR::Repository", "all", KeptExceptOnCreate, "Retain" },
        { "registry", "AWS::IAM::OIDCProvider", "all", KeptExceptOnCreate, "Retain" },
    };

    [Theory]
    [MemberData(nameof(DataHolders))]
    public void Resources_holding_data_are_kept_on_update_and_delete_but_not_after_a_failed_create(
        string stack, string type, string which, string? deletionPolicy, string? updateReplacePolicy)
    {
        var s = synth.Committed("production");
        var template = stack == "platform" ? s.PlatformJson : s.RegistryJson;
        var matching = template["Resources"]!.AsObject()
            .Where(r => r.Value!["Type"]!.GetValue<string>() == type && Matches(which, r.Value!.AsObject()))
            .ToList();

        Assert.NotEmpty(matching);
        foreach (var (id, resource) in matching)
        {
            Assert.True(deletionPolicy == resource!["DeletionPolicy"]?.GetValue<string>(), $"{id}: DeletionPolicy {resource["DeletionPolicy"]}, expected {deletionPolicy}");
            Assert.True(updateReplacePolicy == resource["UpdateReplacePolicy"]?.GetValue<string>(), $"{id}: UpdateReplacePolicy {resource["UpdateReplacePolicy"]}, expected {updateReplacePolicy}");
        }
    }

    [Fact]
    public void Secrets_have_generated_names_and_carry_their_env_name_as_a_tag()
    {
        var secrets = synth.Committed("production").Resources("AWS::SecretsManager::Secret").Where(r => IsEnvironmentSecret(r.Resource)).ToList();

        // A fixed name deleted on rollback stays reserved for the recovery window (7-30 days) and blocks the retry.
        Assert.All(secrets, r => Assert.Null(r.Resource["Properties"]!["Name"]));
        var tagged = secrets.Select(r => TagValue(r.Resource)).ToHashSet();
        Assert.Superset(new HashSet<string?> { "production/db/password", "production/cache/auth-token", "production/jwt/secret", "production/sendgrid/api-key" }, tagged);
    }

    private static bool Matches(string which, JsonObject resource) => which switch
    {
        "images bucket (fixed name)" => resource["Properties"]?["BucketName"]?.ToString() == "meal-planner-images-production",
        "access-log bucket (generated name)" => resource["Properties"]?["BucketName"] is null,
        "secrets of the environment" => IsEnvironmentSecret(resource) && resource["Properties"]?["GenerateSecretString"] is not null,
        "composed secrets" => IsEnvironmentSecret(resource) && resource["Properties"]?["SecretString"] is not null,
        _ => true,
    };

    private static bool IsEnvironmentSecret(JsonObject resource) => TagValue(resource) is not null;

    private static string? TagValue(JsonObject resource) =>
        resource["Properties"]?["Tags"]?.AsArray()
            .FirstOrDefault(t => t!["Key"]!.GetValue<string>() == Infrastructure.AppSecrets.NameTag)?["Value"]!.GetValue<string>();
}
