using Amazon.CDK.Assertions;

namespace MealPlanner.Deploy.Tests;

/// <summary>US-1.8: the spec's secrets and one per secret parameter of the manifest.</summary>
[Collection(SynthCollection.Name)]
public sealed class SecretsTests(SynthFixture synth)
{
    /// <summary>Matches a secret's tags when they carry this {env}/... name (CloudFormation generates the real name).</summary>
    public static object NamedAs(string name) =>
        Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Key"] = Infrastructure.AppSecrets.NameTag, ["Value"] = name })]);

    [Theory]
    [InlineData("production/db/password")]
    [InlineData("production/jwt/secret")]
    [InlineData("production/sendgrid/api-key")]
    [InlineData("production/cache/auth-token")]
    public void The_specs_secrets_exist_with_generated_values(string name)
    {
        synth.Committed("production").Platform.HasResourceProperties("AWS::SecretsManager::Secret", new Dictionary<string, object>
        {
            ["Tags"] = SecretsTests.NamedAs(name),
            ["GenerateSecretString"] = Match.AnyValue(),
        });
    }

    [Fact]
    public void Every_secret_parameter_of_the_manifest_has_a_secret_or_belongs_to_a_replaced_service()
    {
        var s = synth.Committed("production");
        var names = s.Resources("AWS::SecretsManager::Secret")
            .SelectMany(r => r.Resource["Properties"]!["Tags"]?.AsArray() ?? [])
            .Where(t => t!["Key"]!.GetValue<string>() == Infrastructure.AppSecrets.NameTag)
            .Select(t => t!["Value"]!.GetValue<string>())
            .ToHashSet();

        foreach (var parameter in s.Deployment.Plan.Manifest.Resources.Where(r => r.IsSecretParameter))
        {
            var owner = s.Deployment.Plan.OwnerOfParameter(parameter.Name);
            var expected = owner switch
            {
                Mapping.BackingKind.Postgres => "production/db/password",
                Mapping.BackingKind.Redis => "production/cache/auth-token",
                null => $"production/parameters/{parameter.Name}",
                _ => null,
            };
            if (expected is not null)
            {
                Assert.Contains(expected, names);
            }
        }
    }

    [Fact]
    public void The_admin_password_parameter_becomes_a_secret_given_to_migrations_only()
    {
        var s = synth.Future;

        s.Platform.HasResourceProperties("AWS::SecretsManager::Secret", new Dictionary<string, object>
        {
            ["Tags"] = SecretsTests.NamedAs("production/parameters/admin-password"),
            ["GenerateSecretString"] = Match.ObjectLike(new Dictionary<string, object> { ["PasswordLength"] = 22, ["ExcludePunctuation"] = true }),
        });
        Assert.Contains("Seed__AdminPassword", Synthesized.Names(s.Container("migrations")["Secrets"]));
        Assert.DoesNotContain("Seed__AdminPassword", Synthesized.Names(s.Container("api")["Secrets"]));
    }

    [Fact]
    public void The_api_gets_the_jwt_and_sendgrid_secrets_named_in_the_settings()
    {
        var secrets = Synthesized.Names(synth.Committed("production").Container("api")["Secrets"]);

        Assert.Contains("Jwt__Secret", secrets);
        Assert.Contains("SendGrid__ApiKey", secrets);
    }

    [Fact]
    public void No_access_keys_are_created_tasks_use_roles()
    {
        synth.Future.Platform.ResourceCountIs("AWS::IAM::AccessKey", 0);
        synth.Future.Platform.ResourceCountIs("AWS::IAM::User", 0);
    }
}
