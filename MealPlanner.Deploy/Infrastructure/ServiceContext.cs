using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Constructs;
using MealPlanner.Deploy.Mapping;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>What every task shares: cluster, network, image tag, log retention, and how task parts are built.</summary>
public sealed class ServiceContext
{
    public required DeploymentEnvironment Environment { get; init; }
    public required string Domain { get; init; }
    public required string ImageTag { get; init; }
    public required Network Network { get; init; }
    public required Cluster Cluster { get; init; }
    public required Monitoring Monitoring { get; init; }
    public required LogGroups Logs { get; init; }

    public const string NonRootUser = "1654";

    public LogGroup TaskLogGroup(Construct scope, string project) => Logs.Create(scope, "Logs", Environment.Path(project));

    /// <summary>One role per service, empty until a grant adds exactly what the service uses.</summary>
    public Role TaskRole(Construct scope, string project) => new(scope, "TaskRole", new RoleProps
    {
        AssumedBy = new ServicePrincipal("ecs-tasks.amazonaws.com"),
        Description = $"{project} ({Environment}): only what this service uses",
    });

    public static int AppMemoryMiB(ProjectDefinition project) => project.Settings.MemoryMiB!.Value - MetricsCollector.MemoryMiB;

    /// <summary>What every long-running service shares: private subnets, no public IP, rolling by replacement
    /// (never below the desired count), rolled back by the circuit breaker. Callers add what their kind needs.</summary>
    public FargateServiceProps ServiceProps(ProjectDefinition project, FargateTaskDefinition task, SecurityGroup securityGroup) => new()
    {
        ServiceName = Environment.ServiceName(project.Name),
        Cluster = Cluster,
        TaskDefinition = task,
        DesiredCount = project.Settings.DesiredCount,
        VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
        SecurityGroups = [securityGroup],
        AssignPublicIp = false,
        MinHealthyPercent = 100,
        MaxHealthyPercent = 200,
        CircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = true },
        EnableExecuteCommand = false,
        PropagateTags = PropagatedTagSource.SERVICE,
    };

    public FargateTaskDefinition TaskDefinition(Construct scope, ProjectDefinition project, TaskEnvironment environment, Role taskRole, LogGroup logs)
    {
        var task = new FargateTaskDefinition(scope, "Task", new FargateTaskDefinitionProps
        {
            Family = Environment.ResourceName(project.Name),
            Cpu = project.Settings.Cpu!.Value,
            MemoryLimitMiB = project.Settings.MemoryMiB!.Value,
            TaskRole = taskRole,
            RuntimePlatform = new RuntimePlatform { CpuArchitecture = CpuArchitecture.X86_64, OperatingSystemFamily = OperatingSystemFamily.LINUX },
        });
        // Read-only root filesystem; .NET still needs a writable /tmp (diagnostics IPC, temp files).
        task.AddVolume(new Amazon.CDK.AWS.ECS.Volume { Name = "tmp" });
        var variables = new Dictionary<string, string>(environment.Plain);
        if (variables.Remove(MetricsCollector.DroppedEndpointVariable))
        {
            environment.Dropped[MetricsCollector.DroppedEndpointVariable] = "the local collector's address; in AWS the metrics go to the collector sidecar (OTEL_EXPORTER_OTLP_METRICS_ENDPOINT)";
        }

        foreach (var (name, value) in MetricsCollector.AppVariables(project.Name))
        {
            variables[name] = value;
        }

        var repository = Repository.FromRepositoryName(scope, "Repository", Environment.RepositoryName(project.Name));
        task.AddContainer(project.Name, new ContainerDefinitionOptions
        {
            Image = ContainerImage.FromEcrRepository(repository, ImageTag),
            Essential = true,
            Environment = variables,
            Secrets = environment.Secrets,
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps { LogGroup = logs, StreamPrefix = project.Name }),
            ReadonlyRootFilesystem = true,
            // The non-root "app" user (UID 1654) of Microsoft's .NET 8+ base images.
            User = NonRootUser,
            // The collector sidecar's share is taken off, so the GC sizes its heap to what the app really has.
            MemoryLimitMiB = AppMemoryMiB(project),
        });
        task.DefaultContainer!.AddMountPoints(new MountPoint { SourceVolume = "tmp", ContainerPath = "/tmp", ReadOnly = false });
        MetricsCollector.AddTo(task, this, project, taskRole, logs);
        Monitoring.AddApplicationMetrics(project, MetricsCollector.Namespace(Environment), environment);
        foreach (var (variable, reason) in environment.Dropped)
        {
            Annotations.Of(scope).AddInfo($"{project.Name}: {variable} not passed to AWS: {reason}");
        }

        // The execution role only pulls the image, writes logs and reads this task's secrets (granted by ECS).
        Nag.Suppress(task, "AwsSolutions-IAM5", "ecr:GetAuthorizationToken has no resource scope (AWS requires '*'); the other statements are scoped to this task's repository, log group and secrets.", "Resource::*");
        Nag.Suppress(task.Node.DefaultChild!, "AwsSolutions-ECS2", "Only non-secret values (ports, bucket name, region, flags) are plain environment variables; every secret and connection string is an ECS secret from Secrets Manager.");
        return task;
    }
}
