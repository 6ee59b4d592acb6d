using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Constructs;
using MealPlanner.Deploy.Mapping;
using TargetHealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>A web project: Priority 0 makes it the listener's default action, any other routes Host to it.</summary>
public sealed record WebServiceProps(ServiceContext Context, ProjectDefinition Project, TaskEnvironment Variables, LoadBalancer LoadBalancer, int Priority, string Host);

/// <summary>
/// A project with an HTTP binding: a Fargate service (2 x 0.5 vCPU / 1 GB by default) in the private
/// subnets behind the ALB, health-checked on /health, rolled back by the circuit breaker or its alarms,
/// scaled between the desired and the maximum count.
/// </summary>
public sealed class WebService : Construct
{
    public FargateService Service { get; }
    public ApplicationTargetGroup TargetGroup { get; }
    public SecurityGroup SecurityGroup { get; }
    public Role TaskRole { get; }
    public LogGroup LogGroup { get; }
    public Alarm ErrorRateAlarm { get; }
    public ProjectDefinition Project { get; }

    public WebService(Construct scope, string id, WebServiceProps props)
        : base(scope, id)
    {
        var (context, project, environment, loadBalancer, priority, host) = props;
        Project = project;
        var settings = project.Settings;
        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = context.Network.Vpc,
            Description = $"{project.Name}: reachable only from the ALB",
            AllowAllOutbound = true,
        });
        SecurityGroup.AddIngressRule(loadBalancer.SecurityGroup, Port.Tcp(ProjectDefinition.ContainerPort), "from the ALB");
        loadBalancer.SecurityGroup.AddEgressRule(SecurityGroup, Port.Tcp(ProjectDefinition.ContainerPort), $"to {project.Name}");

        LogGroup = context.TaskLogGroup(this, project.Name);
        TaskRole = context.TaskRole(this, project.Name);
        var task = context.TaskDefinition(this, project, environment, TaskRole, LogGroup);
        task.DefaultContainer!.AddPortMappings(new PortMapping { ContainerPort = ProjectDefinition.ContainerPort });

        TargetGroup = new ApplicationTargetGroup(this, "TargetGroup", new ApplicationTargetGroupProps
        {
            Vpc = context.Network.Vpc,
            Port = ProjectDefinition.ContainerPort,
            Protocol = ApplicationProtocol.HTTP,
            TargetType = TargetType.IP,
            DeregistrationDelay = Duration.Seconds(30),
            HealthCheck = new TargetHealthCheck
            {
                Path = settings.HealthCheckPath,
                HealthyHttpCodes = "200",
                Interval = Duration.Seconds(15),
                HealthyThresholdCount = 2,
                UnhealthyThresholdCount = 3,
            },
        });
        // Priority 0: the listener's only default action (the load balancer creates it with none).
        if (priority == 0)
        {
            loadBalancer.Https.AddTargetGroups($"{project.Name}-default", new AddApplicationTargetGroupsProps { TargetGroups = [TargetGroup] });
        }
        else
        {
            loadBalancer.Https.AddTargetGroups(project.Name, new AddApplicationTargetGroupsProps
            {
                TargetGroups = [TargetGroup],
                Priority = priority,
                Conditions = [ListenerCondition.HostHeaders([host])],
            });
        }

        ErrorRateAlarm = context.Monitoring.AddErrorRateAlarm(project.Name, loadBalancer.Alb, TargetGroup);

        var service = context.ServiceProps(project, task, SecurityGroup);
        service.HealthCheckGracePeriod = Duration.Seconds(60);
        service.DeploymentAlarms = new DeploymentAlarmConfig
        {
            AlarmNames = [ErrorRateAlarm.AlarmName, context.Monitoring.Alb5xxAlarm.AlarmName],
            Behavior = AlarmBehavior.ROLLBACK_ON_ALARM,
        };
        Service = new FargateService(this, "Service", service);
        Service.AttachToApplicationTargetGroup(TargetGroup);
        new ServiceScaling(this, "Scaling", Service, TargetGroup, ScalingLimits.For(project, context.Environment));
        context.Monitoring.AddServiceAlarms(project.Name, context.Cluster.ClusterName, Service.ServiceName, loadBalancer.Alb, TargetGroup);
    }
}
