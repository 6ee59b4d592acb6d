using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Amazon.CDK.AWS.IAM;
using Constructs;

namespace MealPlanner.Deploy.Infrastructure;

public sealed class PipelineAccessProps
{
    public required DeploymentEnvironment Environment { get; init; }
    /// <summary>OWNER/NAME, already validated (<see cref="Settings.GitHubSettings.RepositoryFor"/>).</summary>
    public required string GitHubRepository { get; init; }
    /// <summary>False: the account's provider exists already (one per account); the role trusts it by ARN.</summary>
    public required bool CreateOidcProvider { get; init; }
    /// <summary>The repositories the pipeline pushes to; nothing else in ECR.</summary>
    public required IReadOnlyList<Repository> Repositories { get; init; }
    /// <summary>The stacks whose outputs the pipeline reads (this environment's two).</summary>
    public required IReadOnlyList<string> StackNames { get; init; }
    /// <summary>The platform stack's long-running services, web and background (project names); the pipeline watches their rollout.</summary>
    public required IReadOnlyList<string> Services { get; init; }
}

/// <summary>
/// What a GitHub Actions workflow of one repository needs to deploy one environment, and nothing more:
/// an OIDC trust (no stored AWS keys), a role that can hand the deployment to the CDK bootstrap roles,
/// push this environment's images, watch the rollout and keep the deploy history. The database snapshot before a migration is the migration gate's
/// (inside the stack), so this role has no RDS permission at all.
/// Lives in the registry stack because that stack exists before the first platform deployment.
/// </summary>
public sealed class PipelineAccess : Construct
{
    public const string GitHubTokenHost = "token.actions.githubusercontent.com";
    public const string Audience = "sts.amazonaws.com";

    /// <summary>Null when the account's existing provider is referenced.</summary>
    public CfnOIDCProvider? Provider { get; }
    public string ProviderArn { get; }
    public Role Role { get; }

    public PipelineAccess(Construct scope, string id, PipelineAccessProps props) : base(scope, id)
    {
        var stack = Stack.Of(this);
        var env = props.Environment;
        string Arn(string service, string resource, string? resourceName = null, ArnFormat format = ArnFormat.SLASH_RESOURCE_NAME, bool global = false) =>
            stack.FormatArn(new ArnComponents
            {
                Service = service,
                Region = global ? "" : null,
                Resource = resource,
                ResourceName = resourceName,
                ArnFormat = format,
            });

        // The L1 resource, not OpenIdConnectProvider: in CDK 2.160 the L2 is a custom resource backed by a
        // Lambda function (with its own role and runtime to keep patched) only to call IAM, which
        // AWS::IAM::OIDCProvider does natively. No thumbprints: they are optional in CloudFormation, and IAM
        // validates GitHub's token host against its own trusted root CAs, ignoring thumbprints for it.
        if (props.CreateOidcProvider)
        {
            Provider = new CfnOIDCProvider(this, "GitHubProvider", new CfnOIDCProviderProps
            {
                Url = $"https://{GitHubTokenHost}",
                ClientIdList = [Audience],
            });
            // Other roles of the account (other repositories, the other environment) may trust it too:
            // deleting this stack must not pull it from under them. One per account and URL: a failed first
            // create deletes it again, or the retry would fail with "already exists".
            Provider.ApplyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
            ProviderArn = Provider.AttrArn;
        }
        else
        {
            ProviderArn = Arn("iam", "oidc-provider", GitHubTokenHost, global: true);
        }

        // Only workflow jobs of this repository that run in the GitHub environment of the same name
        // (whose protection rules - reviewers, branches - apply) get a token with this subject.
        Role = new Role(this, "Role", new RoleProps
        {
            RoleName = env.DeployRoleName,
            Description = $"GitHub Actions of {props.GitHubRepository} (environment {env}): deploy MealPlanner {env}",
            AssumedBy = new WebIdentityPrincipal(ProviderArn, new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object>
                {
                    [$"{GitHubTokenHost}:aud"] = Audience,
                    [$"{GitHubTokenHost}:sub"] = $"repo:{props.GitHubRepository}:environment:{env}",
                },
            }),
            // A first deployment (Multi-AZ RDS, ElastiCache, CloudFront) can outlast the 1-hour default;
            // the workflow asks for up to this with role-duration-seconds.
            MaxSessionDuration = Duration.Hours(2),
        });

        // `cdk deploy` does the deploying through the bootstrap roles (deploy, asset publishing, lookup);
        // CloudFormation's execution role does the rest. Named one by one rather than cdk-hnb659fds-*.
        var qualifier = DefaultStackSynthesizer.DEFAULT_QUALIFIER;
        Allow("CdkBootstrapRoles", ["sts:AssumeRole"],
            [.. new[] { "deploy", "file-publishing", "image-publishing", "lookup" }
                .Select(r => Arn("iam", "role", $"cdk-{qualifier}-{r}-role-{stack.Account}-{stack.Region}", global: true))]);

        // The minimum of a `docker push` (and of checking or re-tagging an image that is already there).
        Allow("PushImages",
            ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload",
             "ecr:PutImage", "ecr:BatchGetImage", "ecr:DescribeImages"],
            [.. props.Repositories.Select(r => r.RepositoryArn)]);
        // GetAuthorizationToken has no resource form: IAM only accepts "*" for it.
        Allow("EcrLogin", ["ecr:GetAuthorizationToken"], ["*"]);

        var cluster = env.ClusterName;
        Allow("WatchServices", ["ecs:DescribeServices"],
            [.. props.Services.Select(p => Arn("ecs", "service", $"{cluster}/{env.ServiceName(p)}"))]);
        Allow("WatchTasks", ["ecs:DescribeTasks"], [Arn("ecs", "task", $"{cluster}/*")]);
        // ListTasks authorizes against container instances, which Fargate has none of: "*" narrowed to the
        // cluster by its condition key.
        Allow("ListClusterTasks", ["ecs:ListTasks"], ["*"], new Dictionary<string, object>
        {
            ["ArnEquals"] = new Dictionary<string, object> { ["ecs:cluster"] = Arn("ecs", "cluster", cluster) },
        });
        // Task definitions have no resource-level permissions in ECS: "*" is the only form IAM accepts.
        Allow("ReadTaskDefinitions", ["ecs:DescribeTaskDefinition"], ["*"]);

        // Stack ARNs end in a stack id that changes when a stack is re-created.
        Allow("ReadStackOutputs", ["cloudformation:DescribeStacks"],
            [.. props.StackNames.Select(s => Arn("cloudformation", "stack", $"{s}/*"))]);

        // The history of deployed tags is NOT a resource of this stack. AWS::SSM::Parameter needs a Value,
        // and CloudFormation writes that Value again whenever it updates the resource (a stack tag change,
        // a description edit, a re-created stack), which would reset the script's history to "none" with no
        // error. So the deploy script creates it on its first successful deployment
        // (`put-parameter --type String --overwrite`) and treats a missing parameter as an empty history;
        // the role may touch that one name only.
        Allow("DeployHistory", ["ssm:GetParameter", "ssm:PutParameter"],
            [Arn("ssm", "parameter", env.DeployHistoryParameter.TrimStart('/'))]);

        Nag.Suppress(Role, "AwsSolutions-IAM5",
            "'*' only where IAM has no resource form (ecr:GetAuthorizationToken, ecs:DescribeTaskDefinition; ecs:ListTasks narrowed to this cluster by condition); the other wildcards stand for ids AWS assigns: this cluster's tasks, this environment's two stacks.",
            [.. _wildcards.Distinct().Select(r => $"Resource::{NagText(stack, r)}")]);
    }

    private readonly List<string> _wildcards = [];

    private void Allow(string sid, string[] actions, string[] resources, Dictionary<string, object>? conditions = null)
    {
        _wildcards.AddRange(resources.Where(r => r.Contains('*')));
        Role.AddToPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = sid,
            Actions = actions,
            Resources = resources,
            Conditions = conditions,
        }));
    }

    // A resource as cdk-nag names it in a finding: Fn::Join flattened, {"Ref": "AWS::Region"} as <AWS::Region>.
    private static string NagText(Stack stack, string value) => Flatten(stack.Resolve(value));

    private static string Flatten(object? resolved) => resolved switch
    {
        string s => s,
        IDictionary<string, object> { Count: 1 } d when d.TryGetValue("Ref", out var name) => $"<{name}>",
        IDictionary<string, object> { Count: 1 } d when d.TryGetValue("Fn::Join", out var join) && join is object[] { Length: 2 } args =>
            string.Join((string)args[0], ((object[])args[1]).Select(Flatten)),
        _ => throw new InvalidOperationException($"unexpected token in an IAM resource: {resolved}"),
    };
}
