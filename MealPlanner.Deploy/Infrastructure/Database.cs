using Amazon.CDK;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using MealPlanner.Deploy.Settings;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>What the database needs: DatabaseName is the one the app model names, created with the instance.</summary>
public sealed record DatabaseProps(DeploymentEnvironment Environment, Network Network, AppSecrets Secrets, DatabaseSettings Settings, string DatabaseName, LogGroups Logs);

/// <summary>
/// US-1.2: RDS PostgreSQL 15 (Multi-AZ, gp3 100 GB growing to 1 TB, encrypted, 30-day backups at
/// 03:00 UTC with point-in-time recovery), credentials rotated in Secrets Manager, RDS Proxy for pooling
/// (what pgbouncer does locally).
/// </summary>
public sealed class Database : Construct
{
    public const int Port = 5432;

    public DatabaseInstance Instance { get; }
    public DatabaseProxy Proxy { get; }
    public SecurityGroup InstanceSecurityGroup { get; }
    public SecurityGroup ProxySecurityGroup { get; }
    public LogGroup LogGroup { get; }
    public string InstanceIdentifier { get; }
    public RotationSchedule Rotation { get; }

    public Database(Construct scope, string id, DatabaseProps props)
        : base(scope, id)
    {
        var (environment, network, secrets, settings, databaseName, logs) = props;
        InstanceIdentifier = environment.DatabaseInstanceName;
        InstanceSecurityGroup = new SecurityGroup(this, "InstanceSecurityGroup", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = "RDS PostgreSQL: reachable only from the proxy, the migration task and the rotation function",
            AllowAllOutbound = false,
        });
        ProxySecurityGroup = new SecurityGroup(this, "ProxySecurityGroup", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = "RDS Proxy: reachable only from the web services",
            AllowAllOutbound = false,
        });

        // RDS writes to this group by name; creating it first lets us own its retention.
        LogGroup = logs.Create(this, "PostgresLogs", $"/aws/rds/instance/{InstanceIdentifier}/postgresql");

        var engine = DatabaseInstanceEngine.Postgres(new PostgresInstanceEngineProps { Version = PostgresEngineVersion.VER_15 });
        var parameters = new ParameterGroup(this, "Parameters", new ParameterGroupProps
        {
            Engine = engine,
            Description = "MealPlanner: TLS only, slow statements logged",
            Parameters = new Dictionary<string, string>
            {
                ["rds.force_ssl"] = "1",
                ["log_min_duration_statement"] = "1000",
            },
        });

        Instance = new DatabaseInstance(this, "Instance", new DatabaseInstanceProps
        {
            InstanceIdentifier = InstanceIdentifier,
            Engine = engine,
            ParameterGroup = parameters,
            InstanceType = new Amazon.CDK.AWS.EC2.InstanceType(settings.InstanceType!),
            Vpc = network.Vpc,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED },
            SecurityGroups = [InstanceSecurityGroup],
            Credentials = Credentials.FromSecret(secrets.Database),
            DatabaseName = databaseName,
            Port = Port,
            MultiAz = settings.MultiAz,
            StorageType = StorageType.GP3,
            AllocatedStorage = settings.AllocatedStorageGb,
            MaxAllocatedStorage = settings.MaxAllocatedStorageGb,
            StorageEncrypted = true,
            // Automated backups with a retention > 0 are what enables point-in-time recovery on RDS.
            BackupRetention = Duration.Days(settings.BackupRetentionDays!.Value),
            PreferredBackupWindow = settings.BackupWindow,
            PreferredMaintenanceWindow = "sun:04:00-sun:05:00",
            DeletionProtection = settings.DeletionProtection,
            RemovalPolicy = RemovalPolicy.SNAPSHOT,
            CloudwatchLogsExports = ["postgresql", "upgrade"],
            IamAuthentication = true,
            EnablePerformanceInsights = true,
            MonitoringInterval = Duration.Seconds(60),
            AutoMinorVersionUpgrade = true,
            CopyTagsToSnapshot = true,
        });
        Instance.Node.AddDependency(LogGroup);
        const string DefaultPort = "The standard PostgreSQL port: the instance sits in isolated subnets and its security group admits only the proxy, the migration task and the rotation function.";
        var instanceResource = Instance.Node.DefaultChild!;
        Nag.Suppress(instanceResource, "AwsSolutions-RDS11", DefaultPort);
        Nag.SuppressGuard(instanceResource, "rds_instance_no_default_ports_check", DefaultPort);
        Nag.SuppressGuard(instanceResource, "rds_storage_encrypted_kms_key_check", "Encrypted at rest with AES-256 under the AWS-managed aws/rds key (US-1.2); a customer key adds cost and cross-account snapshot work without a requirement for it.");
        Nag.Suppress(Instance.Node.FindChild("MonitoringRole"), "AwsSolutions-IAM4", "The enhanced-monitoring role uses AWS's AmazonRDSEnhancedMonitoringRole, the policy RDS documents for it.", "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole");
        if (settings.DeletionProtection != true)
        {
            const string Staging = "Staging is torn down and rebuilt; production enables deletion protection (settings/production.json).";
            Nag.Suppress(instanceResource, "AwsSolutions-RDS10", Staging);
            Nag.SuppressGuard(instanceResource, "rds_instance_deletion_protection_enabled_check", Staging);
        }

        var rotationSecurityGroup = new SecurityGroup(this, "RotationSecurityGroup", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = "Secrets Manager rotation function for the database password",
            AllowAllOutbound = true,
        });
        InstanceSecurityGroup.AddIngressRule(rotationSecurityGroup, Amazon.CDK.AWS.EC2.Port.Tcp(Port), "rotation function");
        Rotation = secrets.Database.AddRotationSchedule("Rotation", new RotationScheduleOptions
        {
            HostedRotation = HostedRotation.PostgreSqlSingleUser(new SingleUserHostedRotationOptions
            {
                Vpc = network.Vpc,
                VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS },
                SecurityGroups = [rotationSecurityGroup],
                FunctionName = environment.ResourceName("db-rotation"),
            }),
            AutomaticallyAfter = Duration.Days(settings.RotationDays!.Value),
            // A rotation at creation would change the password while the first deployment's tasks start
            // with it; the first one runs a full interval later (RotateAfter orders the schedule, too).
            RotateImmediatelyOnUpdate = false,
        });
        // The rotation function needs the instance's host in the secret: the attachment writes it there.
        Rotation.Node.AddDependency(Instance);

        Proxy = new DatabaseProxy(this, "Proxy", new DatabaseProxyProps
        {
            DbProxyName = environment.DatabaseProxyName,
            ProxyTarget = ProxyTarget.FromInstance(Instance),
            Secrets = [Instance.Secret!],
            Vpc = network.Vpc,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PRIVATE_ISOLATED },
            SecurityGroups = [ProxySecurityGroup],
            RequireTLS = true,
            // Clients sign in with an IAM token (15 minutes, generated by the app) and hold no password; the
            // proxy itself logs in to the instance with the secret, which it re-reads after every rotation.
            IamAuth = true,
            ClientPasswordAuthType = ClientPasswordAuthType.POSTGRES_SCRAM_SHA_256,
            MaxConnectionsPercent = 90,
            // A client waits this long for a connection to the instance, not 120 s: during a failover or restart
            // the API answers 503 within 5 s (its own command timeout is 2 s) and the client tries again.
            BorrowTimeout = Duration.Seconds(3),
        });
        InstanceSecurityGroup.AddIngressRule(ProxySecurityGroup, Amazon.CDK.AWS.EC2.Port.Tcp(Port), "RDS Proxy");
        ProxySecurityGroup.AddEgressRule(InstanceSecurityGroup, Amazon.CDK.AWS.EC2.Port.Tcp(Port), "to the database");
    }

    /// <summary>
    /// Opens the proxy (web services, which also get rds-db:connect for IAM sign-in) or the instance itself
    /// (one-off tasks, which sign in with the password) to a task's security group.
    /// </summary>
    public void AllowFrom(ISecurityGroup client, IGrantable taskRole, bool throughProxy, string description)
    {
        var target = throughProxy ? ProxySecurityGroup : InstanceSecurityGroup;
        target.AddIngressRule(client, Amazon.CDK.AWS.EC2.Port.Tcp(Port), description);
        if (throughProxy)
        {
            Proxy.GrantConnect(taskRole, AppSecrets.DatabaseUsername);
        }
    }

    /// <summary>
    /// Creates the rotation schedule only after these (the services and one-off tasks) are up, so the
    /// first deployment never races a password change.
    /// </summary>
    public void RotateAfter(params IConstruct[] constructs)
    {
        foreach (var construct in constructs)
        {
            Rotation.Node.AddDependency(construct);
        }
    }
}
