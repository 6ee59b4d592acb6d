using System.Text.Json.Nodes;
using MealPlanner.Deploy.Infrastructure;
using MealPlanner.Deploy.Manifest;
using MealPlanner.Deploy.Settings;

namespace MealPlanner.Deploy.Tests;

/// <summary>
/// What the pipeline gets from the registry stack (GitHub OIDC trust, a least-privilege deploy role) and the
/// stack outputs its scripts read by key.
/// </summary>
[Collection(SynthCollection.Name)]
public sealed class PipelineAccessTests(SynthFixture synth)
{
    private const string Provider = "AWS::IAM::OIDCProvider";

    // IAM accepts only "*" for these; ListTasks is narrowed to the cluster by a condition instead.
    private static readonly string[] ActionsWithoutResourceForm = ["ecr:GetAuthorizationToken", "ecs:DescribeTaskDefinition", "ecs:ListTasks"];

    [Fact]
    public void The_registry_stack_creates_the_github_provider_and_the_deploy_role()
    {
        var s = synth.Committed("staging");

        var provider = Assert.Single(Resources(s, Provider)).Resource["Properties"]!;
        Assert.Equal("https://token.actions.githubusercontent.com", provider["Url"]!.GetValue<string>());
        Assert.Equal(["sts.amazonaws.com"], provider["ClientIdList"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Null(provider["ThumbprintList"]);
        Assert.Equal("meal-planner-staging-deploy", DeployRole(s, "staging")["Properties"]!["RoleName"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public void The_role_trusts_only_the_repositorys_workflows_in_the_github_environment_of_the_same_name(string env)
    {
        var s = synth.Committed(env);

        var trust = Assert.Single(DeployRole(s, env)["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;
        Assert.Equal("sts:AssumeRoleWithWebIdentity", trust["Action"]!.GetValue<string>());
        Assert.Equal("Allow", trust["Effect"]!.GetValue<string>());
        var conditions = trust["Condition"]!.AsObject();
        var equals = Assert.Single(conditions).Value!.AsObject();
        Assert.Equal("StringEquals", Assert.Single(conditions).Key);
        Assert.Equal(2, equals.Count);
        Assert.Equal("sts.amazonaws.com", equals["token.actions.githubusercontent.com:aud"]!.GetValue<string>());
        Assert.Equal($"repo:mealplanner/platform:environment:{env}", equals["token.actions.githubusercontent.com:sub"]!.GetValue<string>());
        var providerId = Assert.Single(Resources(s, Provider)).Id;
        Assert.Equal(providerId, trust["Principal"]!["Federated"]!["Fn::GetAtt"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public void The_role_has_no_wildcard_action_and_star_resources_only_for_actions_without_a_resource_form(string env)
    {
        var s = synth.Committed(env);
        var role = DeployRole(s, env);
        var statements = Statements(s, env).ToList();

        Assert.Null(role["Properties"]!["ManagedPolicyArns"]);
        Assert.Null(role["Properties"]!["Policies"]);
        Assert.NotEmpty(statements);
        Assert.All(statements, st => Assert.Equal("Allow", st["Effect"]!.GetValue<string>()));
        Assert.All(statements.SelectMany(Actions), action => Assert.DoesNotContain("*", action));
        foreach (var st in statements.Where(st => Items(st["Resource"]!).Any(r => r!.GetValueKind() == System.Text.Json.JsonValueKind.String && r.GetValue<string>() == "*")))
        {
            Assert.Single(Items(st["Resource"]!));
            Assert.All(Actions(st), action => Assert.Contains(action, ActionsWithoutResourceForm));
        }

        // Only GetAuthorizationToken and DescribeTaskDefinition are unconditional over "*".
        var listTasks = statements.Single(st => Actions(st).Contains("ecs:ListTasks"));
        Assert.Contains($":cluster/meal-planner-{env}", listTasks["Condition"]!["ArnEquals"]!["ecs:cluster"]!.ToJsonString());
    }

    [Fact]
    public void Ecr_push_is_limited_to_the_environments_two_repositories()
    {
        var s = synth.Committed("production");
        var repositories = Resources(s, "AWS::ECR::Repository").Select(r => r.Id).Order().ToList();

        var push = Statements(s, "production").Where(st => Actions(st).Any(a => a.StartsWith("ecr:", StringComparison.Ordinal) && a != "ecr:GetAuthorizationToken")).ToList();

        Assert.Equal(2, repositories.Count);
        var statement = Assert.Single(push);
        Assert.Equal(
            ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:DescribeImages", "ecr:InitiateLayerUpload", "ecr:PutImage", "ecr:UploadLayerPart"],
            Actions(statement).Order());
        Assert.Equal(repositories, Items(statement["Resource"]!).Select(r => r!["Fn::GetAtt"]![0]!.GetValue<string>()).Order());
        Assert.All(Items(statement["Resource"]!), r => Assert.Equal("Arn", r!["Fn::GetAtt"]![1]!.GetValue<string>()));
    }

    [Fact]
    public void The_pipeline_may_watch_every_long_running_service_background_ones_included()
    {
        var s = synth.BackgroundWorker;

        var watch = Assert.Single(Statements(s, "staging"), st => Actions(st).Contains("ecs:DescribeServices"));

        var services = Items(watch["Resource"]!).Select(r => r!.ToJsonString()).ToList();
        Assert.Contains(services, r => r.Contains("service/meal-planner-staging/meal-planner-staging-api", StringComparison.Ordinal));
        Assert.Contains(services, r => r.Contains("service/meal-planner-staging/meal-planner-staging-worker", StringComparison.Ordinal));
    }

    [Fact]
    public void The_stacks_output_what_the_scripts_read_by_key_without_exports()
    {
        var s = synth.Committed("staging");
        var registry = s.RegistryJson["Outputs"]!.AsObject();
        var platform = s.PlatformJson["Outputs"]!.AsObject();

        Assert.Equal(["ApiRepositoryUri", "DeployRoleArn", "MigrationsRepositoryUri"], registry.Select(o => o.Key).Order());
        Assert.Equal(["ApiServiceName", "ApiUrl", "ClusterName", "DatabaseInstanceId", "LoadBalancerDnsName", "PreMigrationSnapshot"], platform.Select(o => o.Key).Order());
        Assert.All(registry.Concat(platform), o => Assert.Null(o.Value!["Export"]));
        Assert.Equal("https://api-staging.mealplanner.com", platform["ApiUrl"]!["Value"]!.GetValue<string>());
        Assert.Equal(DeployRoleId(s, "staging"), registry["DeployRoleArn"]!["Value"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        Assert.Equal(Id(s.PlatformJson, "AWS::ECS::Service"), platform["ApiServiceName"]!["Value"]!["Fn::GetAtt"]![0]!.GetValue<string>());
        Assert.Equal(Id(s.PlatformJson, "AWS::ECS::Cluster"), platform["ClusterName"]!["Value"]!["Ref"]!.GetValue<string>());
        Assert.Equal(Id(s.PlatformJson, "AWS::RDS::DBInstance"), platform["DatabaseInstanceId"]!["Value"]!["Ref"]!.GetValue<string>());
        Assert.Equal(Id(s.PlatformJson, "AWS::ElasticLoadBalancingV2::LoadBalancer"), platform["LoadBalancerDnsName"]!["Value"]!["Fn::GetAtt"]![0]!.GetValue<string>());
    }

    [Fact]
    public void A_missing_github_repository_fails_with_one_line_naming_the_setting()
    {
        var problem = Assert.Throws<DeployProblem>(() => Create("""{ "domain": "api-staging.mealplanner.com" }"""));

        Assert.Equal("settings/staging.json: \"github.repository\" is missing; set it to the GitHub repository whose workflows may deploy, as OWNER/NAME (e.g. \"mealplanner/platform\")", problem.Message);
    }

    [Theory]
    [InlineData("mealplanner")]
    [InlineData("mealplanner/*")]
    [InlineData("mealplanner/platform/extra")]
    [InlineData("https://github.com/mealplanner/platform")]
    public void A_github_repository_that_is_not_owner_and_name_fails_with_one_line_naming_the_setting(string repository)
    {
        var problem = Assert.Throws<DeployProblem>(() => Create($$"""{ "domain": "api-staging.mealplanner.com", "github": { "repository": "{{repository}}" } }"""));

        Assert.Equal($"settings/staging.json: \"github.repository\" is '{repository}', not OWNER/NAME; set it to the GitHub repository whose workflows may deploy (e.g. \"mealplanner/platform\")", problem.Message);
        Assert.DoesNotContain('\n', problem.Message);
    }

    [Fact]
    public void Without_creating_the_provider_the_role_trusts_the_accounts_existing_one()
    {
        // The fixture settings say "createOidcProvider": false.
        var s = synth.Future;

        Assert.Empty(Resources(s, Provider));
        var trust = Assert.Single(DeployRole(s, "production")["Properties"]!["AssumeRolePolicyDocument"]!["Statement"]!.AsArray())!;
        var federated = trust["Principal"]!["Federated"]!["Fn::Join"]![1]!.AsArray();
        Assert.Equal(
            """["arn:",{"Ref":"AWS::Partition"},":iam::",{"Ref":"AWS::AccountId"},":oidc-provider/token.actions.githubusercontent.com"]""",
            federated.ToJsonString());
        Assert.Equal("repo:mealplanner/platform-fixture:environment:production", trust["Condition"]!["StringEquals"]!["token.actions.githubusercontent.com:sub"]!.GetValue<string>());
    }

    private DeploymentApp Create(string settingsJson)
    {
        var file = Path.Combine(synth.Scratch, $"settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, settingsJson);
        var settings = DeploySettings.Load(file, DeploymentEnvironment.Of("staging"));
        // The committed manifest's parameters need values before the settings under test are looked at.
        settings.Parameters = DeploySettings.Load(SynthFixture.SettingsFile("staging"), DeploymentEnvironment.Of("staging")).Parameters;
        return DeploymentApp.Create(ManifestReader.Load(SynthFixture.CommittedManifest), settings, DeploymentEnvironment.Of("staging"), Path.Combine(synth.Scratch, "invalid-github"));
    }

    private static IEnumerable<(string Id, JsonObject Resource)> Resources(Synthesized s, string type) =>
        s.RegistryJson["Resources"]!.AsObject()
            .Where(r => r.Value!["Type"]!.GetValue<string>() == type)
            .Select(r => (r.Key, r.Value!.AsObject()));

    private static string Id(JsonObject template, string type) =>
        template["Resources"]!.AsObject().Single(r => r.Value!["Type"]!.GetValue<string>() == type).Key;

    private static string DeployRoleId(Synthesized s, string env) =>
        Resources(s, "AWS::IAM::Role").Single(r => r.Resource["Properties"]!["RoleName"]?.GetValue<string>() == DeploymentEnvironment.Of(env).DeployRoleName).Id;

    private static JsonObject DeployRole(Synthesized s, string env) =>
        s.RegistryJson["Resources"]![DeployRoleId(s, env)]!.AsObject();

    /// <summary>Every statement of every policy attached to the deploy role.</summary>
    private static IEnumerable<JsonNode> Statements(Synthesized s, string env)
    {
        var role = DeployRoleId(s, env);
        return Resources(s, "AWS::IAM::Policy")
            .Where(p => p.Resource["Properties"]!["Roles"]!.AsArray().Any(r => r!["Ref"]?.GetValue<string>() == role))
            .SelectMany(p => p.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
            .Select(st => st!);
    }

    private static List<string> Actions(JsonNode statement) =>
        [.. Items(statement["Action"]!).Select(a => a!.GetValue<string>())];

    private static IEnumerable<JsonNode?> Items(JsonNode node) => node is JsonArray array ? array : new[] { node };
}
