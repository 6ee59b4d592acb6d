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

/// <summary>
/// A project without an HTTP binding (migrations): a Fargate task run to completion by a custom
/// resource during the deployment. The web services depend on it, so they roll out only after it
/// exits 0; a non-zero exit fails the custom resource and CloudFormation rolls the stack back.
/// </summary>
public sealed class OneOffTask : Construct
{
    public FargateTaskDefinition TaskDefinition { get; }
    public SecurityGroup SecurityGroup { get; }
    public LogGroup LogGroup { get; }
    public Role TaskRole { get; }
    public CustomResource Run { get; }

    // Runs the task, then polls until it stops; the Provider framework retries isComplete until the timeout.
    private const string RunnerCode = """
        const { ECSClient, RunTaskCommand, DescribeTasksCommand } = require('@aws-sdk/client-ecs');
        const ecs = new ECSClient({});
        exports.onEvent = async (event) => {
          if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
          const p = event.ResourceProperties;
          const out = await ecs.send(new RunTaskCommand({
            cluster: p.Cluster, taskDefinition: p.TaskDefinition, launchType: 'FARGATE', count: 1, startedBy: 'cloudformation',
            networkConfiguration: { awsvpcConfiguration: { subnets: p.Subnets, securityGroups: p.SecurityGroups, assignPublicIp: 'DISABLED' } },
          }));
          if (!out.tasks || out.tasks.length === 0) throw new Error('RunTask started nothing: ' + JSON.stringify(out.failures));
          return { PhysicalResourceId: out.tasks[0].taskArn };
        };
        exports.isComplete = async (event) => {
          if (event.RequestType === 'Delete') return { IsComplete: true };
          const p = event.ResourceProperties;
          const d = await ecs.send(new DescribeTasksCommand({ cluster: p.Cluster, tasks: [event.PhysicalResourceId] }));
          const task = d.tasks && d.tasks[0];
          if (!task) throw new Error('task disappeared: ' + event.PhysicalResourceId);
          if (task.lastStatus !== 'STOPPED') return { IsComplete: false };
          const c = task.containers.find((x) => x.name === p.Container);
          if (!c || c.exitCode !== 0) {
            throw new Error(`${p.Container} failed (exit ${c ? c.exitCode : 'none'}): ${task.stoppedReason || ''} ${c && c.reason ? c.reason : ''}; see log group ${p.LogGroup}`);
          }
          return { IsComplete: true };
        };
        """;

    public OneOffTask(Construct scope, string id, ServiceContext context, ProjectDefinition project, TaskEnvironment environment)
        : base(scope, id)
    {
        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = context.Network.Vpc,
            Description = $"{project.Name}: one-off task, no inbound traffic",
            AllowAllOutbound = true,
        });
        LogGroup = context.TaskLogGroup(this, project.Name);
        TaskRole = context.TaskRole(this, project.Name);
        TaskDefinition = context.TaskDefinition(this, project, environment, TaskRole, LogGroup);

        var runnerLogs = new LogGroup(this, "RunnerLogs", new LogGroupProps
        {
            Retention = LogRetention.FromDays(context.LogRetentionDays),
            EncryptionKey = context.LogKey,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
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
        isComplete.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["ecs:DescribeTasks"],
            Resources = [Stack.Of(this).FormatArn(new ArnComponents { Service = "ecs", Resource = "task", ResourceName = $"{context.Cluster.ClusterName}/*" })],
        }));

        var provider = new Provider(this, "Runner", new ProviderProps
        {
            OnEventHandler = onEvent,
            IsCompleteHandler = isComplete,
            QueryInterval = Duration.Seconds(15),
            TotalTimeout = Duration.Minutes(30),
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
            },
        });

        // Suppressions on the runner only (its functions and the Provider framework), never on the task itself.
        foreach (var runner in new IConstruct[] { onEvent, isComplete, provider })
        {
            Nag.Suppress(runner, "AwsSolutions-IAM4", "AWSLambdaBasicExecutionRole / AWSLambdaVPCAccessExecutionRole are AWS's minimal policies for a function's logs and VPC network interfaces.");
            Nag.Suppress(runner, "AwsSolutions-IAM5", "Scoped wildcards only: task-definition revisions of this family, tasks of this cluster, and the Provider framework's invoke of its own function versions (:*).");
            Nag.Suppress(runner, "AwsSolutions-L1", "Runtime pinned to nodejs20.x, the newest the CDK 2.160 Provider framework and this code are tested with.");
        }

        Nag.Suppress(provider, "AwsSolutions-SF1", "The Provider framework's waiter state machine; the runner functions log every step to their log group.");
        Nag.Suppress(provider, "AwsSolutions-SF2", "The Provider framework's waiter state machine; X-Ray adds nothing to a poll loop.");
        Nag.SuppressGuard(provider, "step_functions_state_machine_tracing_enabled_check", "The Provider framework's waiter state machine; X-Ray adds nothing to a poll loop.");
    }
}
