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
        var connection = s.SecretNamed("production/api/ConnectionStrings__mealplanner").ToJsonString();
        Assert.Contains("DatabaseProxy", connection);
        Assert.Contains("Max Auto Prepare=0", connection);
        // No container of the manifest runs in AWS: each became a managed service.
        s.Platform.ResourceCountIs("AWS::ECS::Service", 1);
        s.Platform.ResourceCountIs("AWS::ECS::TaskDefinition", 2);
    }

    [Fact]
    public void A_project_without_http_or_the_run_to_completion_marker_is_a_service_without_a_load_balancer()
    {
        var s = synth.BackgroundWorker;
        var worker = s.Resources("AWS::ECS::Service")
            .Single(r => r.Resource["Properties"]!["ServiceName"]!.ToString() == "meal-planner-staging-worker");

        s.Platform.ResourceCountIs("AWS::ECS::Service", 2);
        s.Platform.ResourceCountIs("AWS::ElasticLoadBalancingV2::TargetGroup", 1);
        Assert.Null(worker.Resource["Properties"]!["LoadBalancers"]);
        Assert.Null(worker.Resource["Properties"]!["HealthCheckGracePeriodSeconds"]);
        Assert.Equal("true", worker.Resource["Properties"]!["DeploymentConfiguration"]!["DeploymentCircuitBreaker"]!["Rollback"]!.ToJsonString());
        var workerGroup = s.Resources("AWS::EC2::SecurityGroup").Single(g => g.Id.StartsWith("workerservice", StringComparison.Ordinal)).Resource;
        Assert.Null(workerGroup["Properties"]!["SecurityGroupIngress"]);

        // Only the marked project gates the deployment; the worker, like the API, rolls out after it.
        var gate = s.Resources("Custom::RunTaskToCompletion").Single();
        Assert.Equal("migrations", gate.Resource["Properties"]!["Container"]!.GetValue<string>());
        Assert.Contains(gate.Id, worker.Resource["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
    }

    [Fact]
    public void A_store_of_any_image_is_s3_when_its_connection_string_has_the_object_store_shape()
    {
        var s = synth.BackgroundWorker;

        s.Platform.ResourceCountIs("AWS::S3::Bucket", 2);
        s.Platform.ResourceCountIs("AWS::CloudFront::Distribution", 1);
        var connection = s.SecretNamed("staging/worker/ConnectionStrings__blobs").ToJsonString();
        Assert.Contains("Bucket=", connection);
        Assert.DoesNotContain("Endpoint=", connection);
        Assert.DoesNotContain("AccessKey", connection);
    }

    [Theory]
    [InlineData("unknown-type.json", "resource 'sidecar' has unknown type 'dapr.v0'")]
    [InlineData("missing-reference.json", "resource 'api' references '{nosuch.connectionString}' but there is no resource 'nosuch'")]
    [InlineData("missing-parameter.json", "parameter 'mode' has no value for AWS")]
    public void Broken_manifests_fail_with_a_message_naming_the_resource(string fixture, string expected)
    {
        var settings = DeploySettings.Load(SynthFixture.SettingsFile("staging"), DeploymentEnvironment.Of("staging"));

        var problem = Assert.Throws<DeployProblem>(() => DeploymentApp.Create(ManifestReader.Load(SynthFixture.Fixture(fixture)), settings, DeploymentEnvironment.Of("staging"), Path.Combine(synth.Scratch, fixture)));

        Assert.Contains(expected, problem.Message);
    }
}
