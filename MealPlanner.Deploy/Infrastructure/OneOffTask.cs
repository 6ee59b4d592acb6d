using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.CustomResources;
using Constructs;
using MealPlanner.Deploy.Mapping;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>A run-to-completion project; Database, when it uses one, is snapshotted first if its pending check says so.</summary>
public sealed record OneOffTaskProps(ServiceContext Context, ProjectDefinition Project, TaskEnvironment Variables, Database? Database);

/// <summary>
/// A project the app model marks to run to completion (migrations): a Fargate task run to completion by a custom
/// resource during the deployment. The long-running services depend on it, so they roll out only after it
/// exits 0; a non-zero exit fails the custom resource and CloudFormation rolls the stack back.
/// </summary>
public sealed class OneOffTask : Construct
{
    public FargateTaskDefinition TaskDefinition { get; }
    public SecurityGroup SecurityGroup { get; }
    public LogGroup LogGroup { get; }
    public Role TaskRole { get; }
    public CustomResource Run { get; }

    /// <summary>The manual snapshot taken before this deployment's migrations, or "none".</summary>
    public string PreMigrationSnapshot { get; }

    /// <summary>Whether the gate checks for pending migrations and snapshots the database before running the task.</summary>
    public bool SnapshotsDatabase { get; }

    /// <summary>The custom resource's handlers (migration-gate.js, embedded): onEvent starts, isComplete polls.</summary>
    internal static string RunnerCode { get; } = ReadRunnerCode();


    // database: the one the task migrates; it is snapshotted first when migrations are pending on existing tables.
    public OneOffTask(Construct scope, string id, OneOffTaskProps props)
        : base(scope, id)
    {
        var (context, project, environment, database) = props;
        // Without a way to ask the task whether it has work to do, a snapshot would be taken at every deployment.
        database = project.PendingCheck is null ? null : database;
        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = context.Network.Vpc,
            Description = $"{project.Name}: one-off task, no inbound traffic",
            AllowAllOutbound = true,
        });
        LogGroup = context.TaskLogGroup(this, project.Name);
        TaskRole = context.TaskRole(this, project.Name);
        TaskDefinition = context.TaskDefinition(this, project, environment, TaskRole, LogGroup);

        var runnerLogs = context.Logs.Create(this, "RunnerLogs");
        var code = Code.FromInline(RunnerCode);
        var runnerSecurityGroup = new SecurityGroup(this, "RunnerSecurityGroup", new SecurityGroupProps
        {
            Vpc = context.Network.Vpc,
            Description = $"{project.Name} runner functions: outbound to the ECS API only",
            AllowAllOutbound = true,
        });
        var privateSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };
        Function Handler(string name, string handler) => new(this, name, new FunctionProps
        {
            Vpc = context.Network.Vpc,
            VpcSubnets = privateSubnets,
            SecurityGroups = [runnerSecurityGroup],
            Runtime = Runtime.NODEJS_20_X,
            Handler = $"index.{handler}",
            Code = code,
            Timeout = Duration.Minutes(1),
            LogGroup = runnerLogs,
            Description = $"Runs the {project.Name} task to completion during deployment",
        });
        var onEvent = Handler("StartTask", "onEvent");
        var isComplete = Handler("WaitForTask", "isComplete");

        var family = Stack.Of(this).FormatArn(new ArnComponents
        {
            Service = "ecs",
            Resource = "task-definition",
            ResourceName = $"{TaskDefinition.Family}:*",
        });
        onEvent.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps { Actions = ["ecs:RunTask"], Resources = [family] }));
        onEvent.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["iam:PassRole"],
            Resources = [TaskDefinition.TaskRole.RoleArn, TaskDefinition.ExecutionRole!.RoleArn],
        }));
        // isComplete starts the migration itself once the check (and the snapshot) are done.
        isComplete.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps { Actions = ["ecs:RunTask"], Resources = [family] }));
        isComplete.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["iam:PassRole"],
            Resources = [TaskDefinition.TaskRole.RoleArn, TaskDefinition.ExecutionRole!.RoleArn],
        }));
        isComplete.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["ecs:DescribeTasks"],
            Resources = [Stack.Of(this).FormatArn(new ArnComponents { Service = "ecs", Resource = "task", ResourceName = $"{context.Cluster.ClusterName}/*" })],
        }));
        // ListTasks has no resource type; the condition keeps it to this cluster.
        isComplete.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["ecs:ListTasks"],
            Resources = ["*"],
            Conditions = new Dictionary<string, object> { ["ArnEquals"] = new Dictionary<string, object> { ["ecs:cluster"] = context.Cluster.ClusterArn } },
        }));
        if (database is not null)
        {
            GrantSnapshots(isComplete, database, context.Environment);
        }

        var provider = new Provider(this, "Runner", new ProviderProps
        {
            OnEventHandler = onEvent,
            IsCompleteHandler = isComplete,
            QueryInterval = Duration.Seconds(15),
            // Check + snapshot + migration; CloudFormation waits an hour for a custom resource.
            TotalTimeout = Duration.Minutes(55),
            LogGroup = runnerLogs,
            Vpc = context.Network.Vpc,
            VpcSubnets = privateSubnets,
            SecurityGroups = [runnerSecurityGroup],
            WaiterStateMachineLogOptions = new Amazon.CDK.CustomResources.LogOptions { Destination = runnerLogs, Level = Amazon.CDK.AWS.StepFunctions.LogLevel.ERROR },
        });

        Run = new CustomResource(this, "Run", new CustomResourceProps
        {
            ServiceToken = provider.ServiceToken,
            ResourceType = "Custom::RunTaskToCompletion",
            Properties = new Dictionary<string, object>
            {
                ["Cluster"] = context.Cluster.ClusterArn,
                // A new image or environment makes a new task definition revision, so the task runs again.
                ["TaskDefinition"] = TaskDefinition.TaskDefinitionArn,
                ["Container"] = project.Name,
                ["Subnets"] = context.Network.Vpc.PrivateSubnets.Select(s => s.SubnetId).ToArray(),
                ["SecurityGroups"] = new[] { SecurityGroup.SecurityGroupId },
                ["LogGroup"] = LogGroup.LogGroupName,
                ["ImageTag"] = context.ImageTag,
                // The app model says how to ask the task whether it has work to do ("pendingCheck" in the manifest).
                ["CheckCommand"] = database is null ? "" : project.PendingCheck!,
                ["SnapshotPrefix"] = database is null ? "" : context.Environment.PreMigrationSnapshotPrefix,
                ["DbInstanceIdentifier"] = database?.InstanceIdentifier ?? "",
            },
        });
        PreMigrationSnapshot = Run.GetAttString("PreMigrationSnapshot");
        SnapshotsDatabase = database is not null;

        // Suppressions on the runner only (its functions and the Provider framework), never on the task itself.
        foreach (var runner in new IConstruct[] { onEvent, isComplete, provider })
        {
            Nag.Suppress(runner, "AwsSolutions-IAM4", "AWSLambdaBasicExecutionRole / AWSLambdaVPCAccessExecutionRole are AWS's minimal policies for a function's logs and VPC network interfaces.");
            Nag.Suppress(runner, "AwsSolutions-IAM5", "Scoped wildcards only: task-definition revisions of this family, tasks of this cluster (ListTasks, which has no resource type, by an ecs:cluster condition), pre-migration snapshots of this environment's name prefix, and the Provider framework's invoke of its own function versions (:*).");
            Nag.Suppress(runner, "AwsSolutions-L1", "Runtime pinned to nodejs20.x, the newest the CDK 2.160 Provider framework and this code are tested with.");
        }

        Nag.Suppress(provider, "AwsSolutions-SF1", "The Provider framework's waiter state machine; the runner functions log every step to their log group.");
        Nag.Suppress(provider, "AwsSolutions-SF2", "The Provider framework's waiter state machine; X-Ray adds nothing to a poll loop.");
        Nag.SuppressGuard(provider, "step_functions_state_machine_tracing_enabled_check", "The Provider framework's waiter state machine; X-Ray adds nothing to a poll loop.");
    }

    // Snapshots of this instance only, and only under the pre-migration name prefix.
    private static void GrantSnapshots(Function function, Database database, DeploymentEnvironment environment)
    {
        var stack = Stack.Of(function);
        var instance = stack.FormatArn(new ArnComponents { Service = "rds", Resource = "db", ResourceName = database.InstanceIdentifier, ArnFormat = ArnFormat.COLON_RESOURCE_NAME });
        var snapshots = stack.FormatArn(new ArnComponents { Service = "rds", Resource = "snapshot", ResourceName = $"{environment.PreMigrationSnapshotPrefix}-*", ArnFormat = ArnFormat.COLON_RESOURCE_NAME });
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["rds:CreateDBSnapshot", "rds:DescribeDBSnapshots"],
            Resources = [instance, snapshots],
        }));
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["rds:AddTagsToResource"],
            Resources = [snapshots],
        }));
    }

    private static string ReadRunnerCode()
    {
        using var stream = typeof(OneOffTask).Assembly.GetManifestResourceStream("migration-gate.js")
            ?? throw new InvalidOperationException("migration-gate.js is not embedded in MealPlanner.Deploy");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
