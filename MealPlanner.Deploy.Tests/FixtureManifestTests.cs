using Amazon.CDK.Assertions;
using MealPlanner.Deploy.Infrastructure;
using MealPlanner.Deploy.Manifest;
using MealPlanner.Deploy.Settings;

namespace MealPlanner.Deploy.Tests;

/// <summary>Fixture manifests: the mapping follows the manifest, and broken manifests fail before synthesis.</summary>
[Collection(SynthCollection.Name)]
public sealed class FixtureManifestTests(SynthFixture synth)
{
    [Fact]
    public void Two_web_projects_become_two_services_behind_one_alb_routed_by_host()
    {
        var s = synth.TwoWebProjects;

        s.Platform.ResourceCountIs("AWS::ECS::Service", 2);
        s.Platform.ResourceCountIs("AWS::ElasticLoadBalancingV2::TargetGroup", 2);
        s.Platform.ResourceCountIs("AWS::ElasticLoadBalancingV2::LoadBalancer", 1);
        s.Platform.HasResourceProperties("AWS::ECS::Service", new Dictionary<string, object> { ["ServiceName"] = "meal-planner-staging-admin", ["DesiredCount"] = 1 });
        s.Platform.HasResourceProperties("AWS::ECS::Service", new Dictionary<string, object> { ["ServiceName"] = "meal-planner-staging-api", ["DesiredCount"] = 2 });
        s.Platform.HasResourceProperties("AWS::ElasticLoadBalancingV2::ListenerRule", new Dictionary<string, object>
        {
            ["Conditions"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
            {
                ["Field"] = "host-header",
                ["HostHeaderConfig"] = new Dictionary<string, object> { ["Values"] = new[] { "admin-test.mealplanner.com" } },
            })]),
        });
        s.Registry.ResourceCountIs("AWS::ECR::Repository", 3);
        // Per service: error rate, CPU, memory, p99; plus database CPU and free storage, and ALB 5xx; no cache here.
        s.Platform.ResourceCountIs("AWS::CloudWatch::Alarm", 11);
        s.Platform.ResourceCountIs("AWS::ElastiCache::ReplicationGroup", 0);
        s.Platform.ResourceCountIs("AWS::S3::Bucket", 1);
    }

    [Fact]
    public void Non_secret_parameters_take_their_value_from_the_settings()
    {
        var env = synth.TwoWebProjects.Container("api")["Environment"]!.ToJsonString();

        Assert.Contains("\"Features__Mode\"", env);
        Assert.Contains("\"blue\"", env);
    }

    [Fact]
    public void The_pooler_and_storage_manifest_maps_pgbouncer_to_rds_proxy_and_keeps_its_tuning()
    {
        var s = synth.Future;

        s.Platform.ResourceCountIs("AWS::RDS::DBProxy", 1);
        var connection = s.Resources("AWS::SecretsManager::Secret").Single(r => r.Resource["Properties"]!["Name"]!.ToString() == "production/api/ConnectionStrings__mealplanner").Resource.ToJsonString();
        Assert.Contains("DatabaseProxy", connection);
        Assert.Contains("Max Auto Prepare=0", connection);
        // No container of the manifest runs in AWS: each became a managed service.
        s.Platform.ResourceCountIs("AWS::ECS::Service", 1);
        s.Platform.ResourceCountIs("AWS::ECS::TaskDefinition", 2);
    }

    [Theory]
    [InlineData("unknown-type.json", "resource 'sidecar' has unknown type 'dapr.v0'")]
    [InlineData("missing-reference.json", "resource 'api' references '{nosuch.connectionString}' but there is no resource 'nosuch'")]
    [InlineData("missing-parameter.json", "parameter 'mode' has no value for AWS")]
    public void Broken_manifests_fail_with_a_message_naming_the_resource(string fixture, string expected)
    {
        var settings = DeploySettings.Load(SynthFixture.SettingsFile("staging"), "staging");

        var problem = Assert.Throws<DeployProblem>(() => DeploymentApp.Create(ManifestReader.Load(SynthFixture.Fixture(fixture)), settings, "staging", Path.Combine(synth.Scratch, fixture)));

        Assert.Contains(expected, problem.Message);
    }
}
