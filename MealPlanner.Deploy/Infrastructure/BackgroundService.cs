using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Constructs;
using MealPlanner.Deploy.Mapping;

namespace MealPlanner.Deploy.Infrastructure;

public sealed record BackgroundServiceProps(ServiceContext Context, ProjectDefinition Project, TaskEnvironment Variables);

/// <summary>
/// A project with no HTTP binding and no run-to-completion marker: a long-running worker. A Fargate service in the
/// private subnets that nothing reaches (no target group, no inbound rule), kept at its desired count by ECS and
/// rolled back by the circuit breaker when its new tasks keep stopping.
/// </summary>
public sealed class BackgroundService : Construct
{
    public FargateService Service { get; }
    public SecurityGroup SecurityGroup { get; }
    public Role TaskRole { get; }
    public LogGroup LogGroup { get; }
    public ProjectDefinition Project { get; }

    public BackgroundService(Construct scope, string id, BackgroundServiceProps props)
        : base(scope, id)
    {
        var (context, project, environment) = props;
        Project = project;
        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = context.Network.Vpc,
            Description = $"{project.Name}: background service, no inbound traffic",
            AllowAllOutbound = true,
        });

        LogGroup = context.TaskLogGroup(this, project.Name);
        TaskRole = context.TaskRole(this, project.Name);
        var task = context.TaskDefinition(this, project, environment, TaskRole, LogGroup);

        Service = new FargateService(this, "Service", context.ServiceProps(project, task, SecurityGroup));
    }
}
