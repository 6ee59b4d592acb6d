using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElastiCache;
using Amazon.CDK.AWS.Logs;
using Constructs;
using MealPlanner.Deploy.Settings;

namespace MealPlanner.Deploy.Infrastructure;

public sealed record CacheProps(DeploymentEnvironment Environment, Network Network, AppSecrets Secrets, CacheSettings Settings, LogGroups Logs);

/// <summary>
/// US-1.3: ElastiCache Redis 7 replication group: primary + replica in two AZs with automatic
/// failover, encrypted at rest and in transit, AUTH token from Secrets Manager, 7-day snapshots.
/// (Redis 7 on ElastiCache has no AOF; Multi-AZ replication + daily snapshots replace it.)
/// </summary>
public sealed class Cache : Construct
{
    public const int Port = 6379;

    public CfnReplicationGroup ReplicationGroup { get; }
    public SecurityGroup SecurityGroup { get; }
    public LogGroup LogGroup { get; }
    public string ReplicationGroupId { get; }
    public int NodeCount { get; }

    public Cache(Construct scope, string id, CacheProps props)
        : base(scope, id)
    {
        var (environment, network, secrets, settings, logs) = props;
        ReplicationGroupId = environment.ResourceName("cache");
        NodeCount = settings.Replicas!.Value + 1;
        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = "ElastiCache Redis: reachable only from the services that use the cache",
            AllowAllOutbound = false,
        });

        var subnets = new CfnSubnetGroup(this, "Subnets", new CfnSubnetGroupProps
        {
            Description = "MealPlanner cache: isolated subnets",
            SubnetIds = network.Vpc.IsolatedSubnets.Select(s => s.SubnetId).ToArray(),
        });

        LogGroup = logs.Create(this, "Logs", environment.Path("cache"));

        ReplicationGroup = new CfnReplicationGroup(this, "ReplicationGroup", new CfnReplicationGroupProps
        {
            ReplicationGroupId = ReplicationGroupId,
            ReplicationGroupDescription = $"MealPlanner {environment} Redis (sessions, cache)",
            Engine = "redis",
            EngineVersion = "7.1",
            CacheNodeType = settings.NodeType,
            NumCacheClusters = NodeCount,
            AutomaticFailoverEnabled = true,
            MultiAzEnabled = true,
            Port = Port,
            CacheSubnetGroupName = subnets.Ref,
            SecurityGroupIds = [SecurityGroup.SecurityGroupId],
            AtRestEncryptionEnabled = true,
            TransitEncryptionEnabled = true,
            // A dynamic reference: CloudFormation reads the token from Secrets Manager at deploy time.
            AuthToken = secrets.CacheAuthToken.SecretValue.UnsafeUnwrap(),
            SnapshotRetentionLimit = settings.SnapshotRetentionDays,
            SnapshotWindow = settings.SnapshotWindow,
            PreferredMaintenanceWindow = "sun:05:00-sun:06:00",
            AutoMinorVersionUpgrade = true,
            LogDeliveryConfigurations = new object[] { LogDelivery("slow-log"), LogDelivery("engine-log") },
        });
        ReplicationGroup.Node.AddDependency(LogGroup);
        Nag.SuppressGuard(ReplicationGroup, "elasticache_repl_grp_rbac_auth_enabled_check", "The spec (US-1.3) asks for an AUTH token from Secrets Manager; one application user gains nothing from RBAC user groups.");
        Nag.Suppress(ReplicationGroup, "AwsSolutions-AEC5", "The standard Redis port: the group sits in isolated subnets and its security group admits only the services that use it.");
    }

    private CfnReplicationGroup.LogDeliveryConfigurationRequestProperty LogDelivery(string logType) => new()
    {
        LogType = logType,
        LogFormat = "json",
        DestinationType = "cloudwatch-logs",
        DestinationDetails = new CfnReplicationGroup.DestinationDetailsProperty
        {
            CloudWatchLogsDetails = new CfnReplicationGroup.CloudWatchLogsDestinationDetailsProperty { LogGroup = LogGroup.LogGroupName },
        },
    };

    /// <summary>Members of the group, as CloudWatch names them (CacheClusterId dimension).</summary>
    public IEnumerable<string> NodeIds => Enumerable.Range(1, NodeCount).Select(i => $"{ReplicationGroupId}-{i:000}");
}
