using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Constructs;
using MealPlanner.Deploy.Mapping;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>How far a web service may scale, read from its settings and checked before any construct exists.</summary>
public sealed record ScalingLimits(int MinCount, int MaxCount, int CpuPercent, int RequestsPerTarget)
{
    public static ScalingLimits For(ProjectDefinition project, DeploymentEnvironment environment)
    {
        var s = project.Settings;
        var file = environment.SettingsFile;
        var key = $"services.{project.Name}";
        var min = s.DesiredCount!.Value;
        var max = s.MaxCount!.Value;
        if (min < 1 || max < min)
        {
            throw new DeployProblem($"{file}: \"{key}.maxCount\" is {max} and \"{key}.desiredCount\" is {min}; autoscaling needs 1 <= desiredCount <= maxCount");
        }

        if (s.ScaleOnCpuPercent is not (> 0 and < 100) and var cpu)
        {
            throw new DeployProblem($"{file}: \"{key}.scaleOnCpuPercent\" is {cpu}; set a CPU target between 1 and 99 (default 60)");
        }

        if (s.ScaleOnRequestsPerTarget is not > 0 and var requests)
        {
            throw new DeployProblem($"{file}: \"{key}.scaleOnRequestsPerTarget\" is {requests}; set the requests per task per minute to hold (default 500)");
        }

        return new ScalingLimits(min, max, s.ScaleOnCpuPercent!.Value, s.ScaleOnRequestsPerTarget!.Value);
    }
}

/// <summary>
/// Target tracking from the desired count up to the maximum: on average CPU and on ALB requests per task.
/// Out fast (1 min), in slowly (5 min), so a short lull between bursts does not remove tasks it needs again.
/// </summary>
public sealed class ServiceScaling : Construct
{
    public static readonly Duration ScaleOutCooldown = Duration.Seconds(60);
    public static readonly Duration ScaleInCooldown = Duration.Seconds(300);

    public ServiceScaling(Construct scope, string id, FargateService service, ApplicationTargetGroup targetGroup, ScalingLimits limits) : base(scope, id)
    {
        var capacity = service.AutoScaleTaskCount(new EnableScalingProps { MinCapacity = limits.MinCount, MaxCapacity = limits.MaxCount });
        capacity.ScaleOnCpuUtilization("Cpu", new CpuUtilizationScalingProps
        {
            TargetUtilizationPercent = limits.CpuPercent,
            ScaleOutCooldown = ScaleOutCooldown,
            ScaleInCooldown = ScaleInCooldown,
        });
        capacity.ScaleOnRequestCount("Requests", new RequestCountScalingProps
        {
            TargetGroup = targetGroup,
            RequestsPerTarget = limits.RequestsPerTarget,
            ScaleOutCooldown = ScaleOutCooldown,
            ScaleInCooldown = ScaleInCooldown,
        });
    }
}
