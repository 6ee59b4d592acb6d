using Amazon.CDK;
using Constructs;
using MealPlanner.Deploy.Mapping;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>Everything that runs the application in one environment, built from the deployment plan.</summary>
public sealed class PlatformStack : Stack
{
    public Network Network { get; }

    public PlatformStack(Construct scope, string id, DeploymentPlan plan, IStackProps props) : base(scope, id, props)
    {
        var settings = plan.Settings;
        Network = new Network(this, "Network", settings.Network.NatGateways!.Value, settings.LogRetentionDays!.Value);
    }
}
