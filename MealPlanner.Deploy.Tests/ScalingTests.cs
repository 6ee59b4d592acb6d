using System.Text.Json.Nodes;
using MealPlanner.Deploy.Infrastructure;
using MealPlanner.Deploy.Manifest;
using MealPlanner.Deploy.Mapping;
using MealPlanner.Deploy.Settings;

namespace MealPlanner.Deploy.Tests;

/// <summary>Scaling limits from the settings, checked before any construct exists (no CDK, no jsii).</summary>
public sealed class ScalingLimitsTests
{
    private static ProjectDefinition Api(Action<ServiceSettings>? change = null)
    {
        var settings = DeploySettings.Load(SynthFixture.SettingsFile("production"), DeploymentEnvironment.Of("production"));
        var plan = DeploymentPlan.Create(ManifestReader.Load(SynthFixture.CommittedManifest), settings, DeploymentEnvironment.Of("production"));
        var api = plan.WebServices.Single(p => p.Name == "api");
        change?.Invoke(api.Settings);
        return api;
    }

    [Fact]
    public void By_default_a_service_scales_from_its_desired_count_to_three_times_it_at_60_percent_cpu_and_500_requests()
    {
        Assert.Equal(new ScalingLimits(MinCount: 2, MaxCount: 6, CpuPercent: 60, RequestsPerTarget: 500), ScalingLimits.For(Api(), DeploymentEnvironment.Of("production")));
    }

    [Fact]
    public void A_max_count_below_the_desired_count_is_one_line_naming_both_settings()
    {
        var problem = Assert.Throws<DeployProblem>(() => ScalingLimits.For(Api(s => s.MaxCount = 1), DeploymentEnvironment.Of("production")));

        Assert.Equal("settings/production.json: \"services.api.maxCount\" is 1 and \"services.api.desiredCount\" is 2; autoscaling needs 1 <= desiredCount <= maxCount", problem.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public void A_cpu_target_outside_1_to_99_is_one_line_naming_the_setting(int percent)
    {
        var problem = Assert.Throws<DeployProblem>(() => ScalingLimits.For(Api(s => s.ScaleOnCpuPercent = percent), DeploymentEnvironment.Of("production")));

        Assert.Contains("\"services.api.scaleOnCpuPercent\"", problem.Message);
    }

    [Fact]
    public void A_request_target_of_zero_is_one_line_naming_the_setting()
    {
        var problem = Assert.Throws<DeployProblem>(() => ScalingLimits.For(Api(s => s.ScaleOnRequestsPerTarget = 0), DeploymentEnvironment.Of("production")));

        Assert.Contains("\"services.api.scaleOnRequestsPerTarget\"", problem.Message);
    }
}

/// <summary>Service autoscaling in the template: bounds, the CPU and request policies, their cooldowns.</summary>
[Collection(SynthCollection.Name)]
public sealed class ScalingTests(SynthFixture synth)
{
    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public void The_api_scales_from_2_to_6_on_cpu_and_on_requests_per_target_with_cooldowns(string env)
    {
        var s = synth.Committed(env);
        var service = s.Resources("AWS::ECS::Service").Single().Id;

        var target = s.Resources("AWS::ApplicationAutoScaling::ScalableTarget").Single();
        var properties = target.Resource["Properties"]!;
        Assert.Equal(2, properties["MinCapacity"]!.GetValue<int>());
        Assert.Equal(6, properties["MaxCapacity"]!.GetValue<int>());
        Assert.Equal("ecs:service:DesiredCount", properties["ScalableDimension"]!.GetValue<string>());
        Assert.Contains(service, properties["ResourceId"]!.ToJsonString());

        var policies = Policies(s, target.Id);
        Assert.Equal(60, policies["ECSServiceAverageCPUUtilization"]["TargetValue"]!.GetValue<int>());
        var requests = policies["ALBRequestCountPerTarget"];
        Assert.Equal(500, requests["TargetValue"]!.GetValue<int>());
        // The request metric is the API's own target group behind this load balancer.
        Assert.Contains(s.Resources("AWS::ElasticLoadBalancingV2::TargetGroup").Single().Id, requests["PredefinedMetricSpecification"]!.ToJsonString());
        Assert.All(policies.Values, p =>
        {
            Assert.Equal(60, p["ScaleOutCooldown"]!.GetValue<int>());
            Assert.Equal(300, p["ScaleInCooldown"]!.GetValue<int>());
        });
    }

    [Fact]
    public void The_limits_and_targets_come_from_the_service_settings()
    {
        var s = OptionsSynth.Get(synth);

        s.Platform.ResourceCountIs("AWS::ApplicationAutoScaling::ScalableTarget", 2);
        var api = s.Resources("AWS::ApplicationAutoScaling::ScalableTarget").Single(t => t.Id.StartsWith("apiservice", StringComparison.Ordinal));
        Assert.Equal(2, api.Resource["Properties"]!["MinCapacity"]!.GetValue<int>());
        Assert.Equal(10, api.Resource["Properties"]!["MaxCapacity"]!.GetValue<int>());
        var policies = Policies(s, api.Id);
        Assert.Equal(50, policies["ECSServiceAverageCPUUtilization"]["TargetValue"]!.GetValue<int>());
        Assert.Equal(800, policies["ALBRequestCountPerTarget"]["TargetValue"]!.GetValue<int>());

        // admin: desiredCount 1, so 1 to 3 by default.
        var admin = s.Resources("AWS::ApplicationAutoScaling::ScalableTarget").Single(t => t.Id.StartsWith("adminservice", StringComparison.Ordinal)).Resource["Properties"]!;
        Assert.Equal([1, 3], new[] { admin["MinCapacity"]!.GetValue<int>(), admin["MaxCapacity"]!.GetValue<int>() });
    }

    private static Dictionary<string, JsonNode> Policies(Synthesized s, string targetId) =>
        s.Resources("AWS::ApplicationAutoScaling::ScalingPolicy")
            .Select(p => p.Resource["Properties"]!)
            .Where(p => p["ScalingTargetId"]!.ToJsonString().Contains(targetId, StringComparison.Ordinal))
            .Select(p => p["TargetTrackingScalingPolicyConfiguration"]!)
            .ToDictionary(c => c["PredefinedMetricSpecification"]!["PredefinedMetricType"]!.GetValue<string>());
}
