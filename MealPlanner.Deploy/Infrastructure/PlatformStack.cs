using Amazon.CDK;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.S3;
using Constructs;
using MealPlanner.Deploy.Mapping;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>
/// Everything that runs the application in one environment, built from the deployment plan:
/// what the manifest holds decides what exists (no storage resource, no bucket).
/// </summary>
public sealed class PlatformStack : Stack
{
    public Network Network { get; }
    public AppSecrets Secrets { get; }
    public Database? Database { get; }
    public Cache? Cache { get; }
    public ImageStorage? Storage { get; }
    public LoadBalancer LoadBalancer { get; }
    public Monitoring Monitoring { get; }
    public IReadOnlyList<WebService> WebServices { get; }
    public IReadOnlyList<OneOffTask> OneOffTasks { get; }
    public IReadOnlyList<BackgroundService> BackgroundServices { get; }
    public IReadOnlyDictionary<string, TaskEnvironment> TaskEnvironments { get; }

    public PlatformStack(Construct scope, string id, DeploymentPlan plan, IStackProps props) : base(scope, id, props)
    {
        var settings = plan.Settings;
        var env = plan.Environment;
        var retention = settings.LogRetentionDays!.Value;
        var domains = DomainPlan.Create(plan);
        var domain = domains.Domain;

        // One key for every log group: CloudWatch Logs encrypts with it (Control Tower CT.CLOUDWATCH.PR.3).
        var logGroups = new LogGroups(EncryptionKeys.Create(this, "LogsKey", $"{env.Prefix} log groups", $"logs.{Region}.amazonaws.com"), retention);
        Network = new Network(this, "Network", new NetworkProps(settings.Network.NatGateways!.Value, settings.Network.InterfaceEndpoints!.Value, logGroups));
        Secrets = new AppSecrets(this, "Secrets", plan);

        // Access logs of the ALB, the image bucket and CloudFront (which needs ACLs on its log bucket).
        var logs = new Bucket(this, "AccessLogs", new BucketProps
        {
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_PREFERRED,
            LifecycleRules = [new Amazon.CDK.AWS.S3.LifecycleRule { Expiration = Duration.Days(retention) }],
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        const string LoopReason = "This is the access-log bucket; logging it into itself would loop.";
        Nag.Suppress(logs.Node.DefaultChild!, "AwsSolutions-S1", LoopReason);
        Nag.SuppressGuard(logs.Node.DefaultChild!, "s3_bucket_logging_enabled_check", LoopReason);
        Nag.SuppressGuard(logs.Node.DefaultChild!, "s3_bucket_default_encryption_kms_check", "ALB access logs can only be delivered to SSE-S3 buckets.");
        Nag.SuppressGuard(logs.Node.DefaultChild!, "s3_bucket_versioning_enabled_check", "Write-once logs that expire by lifecycle; versions would only keep expired logs.");
        Nag.SuppressGuard(logs.Node.DefaultChild!, "s3_event_notifications_enabled_check", "Nothing consumes access logs as events; they are read on demand.");
        Nag.SuppressGuard(logs.Node.DefaultChild!, "s3_bucket_object_lock_enabled_check", "Object Lock would block the lifecycle expiry of old logs.");
        Nag.SuppressGuard(logs.Node.DefaultChild!, "s3_bucket_acl_prohibited_check", "CloudFront standard logging and S3 server access logging deliver through the log-delivery ACL; no user access is granted by ACL.");

        if (plan.Find(BackingKind.Postgres) is not null)
        {
            var databaseName = plan.Databases.FirstOrDefault()?.DatabaseName ?? "postgres";
            Database = new Database(this, "Database", new DatabaseProps(env, Network, Secrets, settings.Database, databaseName, logGroups));
        }

        if (plan.Find(BackingKind.Redis) is not null)
        {
            Cache = new Cache(this, "Cache", new CacheProps(env, Network, Secrets, settings.Cache, logGroups));
        }

        if (plan.Find(BackingKind.Storage) is not null)
        {
            Storage = new ImageStorage(this, "Storage", settings.Storage, logs);
        }

        var domainName = new DomainName(this, "Domain", domains);
        LoadBalancer = new LoadBalancer(this, "LoadBalancer", Network, domainName.Certificate, logs, deletionProtection: env.IsProduction);
        domainName.PointAt(LoadBalancer.Alb);
        Monitoring = new Monitoring(this, "Monitoring", env, settings.Alerts, LoadBalancer.Alb);
        new Billing(this, "Billing", env, settings.Budget, Monitoring.AlertTopic);
        if (Database is not null)
        {
            Monitoring.AddDatabase(Database.InstanceIdentifier, env.DatabaseProxyName, settings.Database.AllocatedStorageGb!.Value);
        }

        if (Cache is not null)
        {
            Monitoring.AddCache(Cache.NodeIds);
        }

        var cluster = new Cluster(this, "Cluster", new ClusterProps
        {
            ClusterName = env.ClusterName,
            Vpc = Network.Vpc,
            ContainerInsights = true,
        });
        var context = new ServiceContext
        {
            Environment = env,
            Domain = domain,
            ImageTag = settings.ImageTag!,
            Network = Network,
            Cluster = cluster,
            Monitoring = Monitoring,
            Logs = logGroups,
        };
        var mapper = new TaskEnvironmentMapper(this, plan, new AwsEndpoints(Region, Secrets, Database, Cache, Storage, LoadBalancer.Alb.LoadBalancerDnsName));
        var environments = plan.Projects.ToDictionary(p => p.Name, p => mapper.Map(p));
        TaskEnvironments = environments;

        OneOffTasks = plan.OneOffTasks.Select(p =>
        {
            var task = new OneOffTask(this, $"{p.Name}-task", new OneOffTaskProps(context, p, environments[p.Name], environments[p.Name].UsesDatabase ? Database : null));
            Connect(task.SecurityGroup, task.TaskRole, environments[p.Name], throughProxy: false, p.Name);
            return task;
        }).ToList();

        WebServices = plan.WebServices.Select((p, i) =>
        {
            var service = new WebService(this, $"{p.Name}-service", new WebServiceProps(context, p, environments[p.Name], LoadBalancer, Priority: i == 0 ? 0 : i * 10, domains.Hosts[p.Name]));
            Connect(service.SecurityGroup, service.TaskRole, environments[p.Name], throughProxy: true, p.Name);
            // The migrations (every one-off task) finish before any web service rolls out.
            foreach (var task in OneOffTasks)
            {
                service.Service.Node.AddDependency(task.Run);
            }

            return service;
        }).ToList();
        Database?.RotateAfter([.. WebServices.Select(w => w.Service), .. OneOffTasks.Select(t => t.Run)]);

        BackgroundServices = plan.BackgroundServices.Select(p =>
        {
            var service = new BackgroundService(this, $"{p.Name}-service", new BackgroundServiceProps(context, p, environments[p.Name]));
            Connect(service.SecurityGroup, service.TaskRole, environments[p.Name], throughProxy: true, p.Name);
            OneOffTasks.ToList().ForEach(task => service.Service.Node.AddDependency(task.Run));
            return service;
        }).ToList();

        if (WebServices.Count == 0)
        {
            LoadBalancer.NotFoundByDefault();
        }

        // Read by the deploy scripts by OutputKey (describe-stacks); no exports, so nothing pins these values.
        Output("ApiUrl", $"https://{domain}", "the API's public URL (the ALB's default service)");
        Output("LoadBalancerDnsName", LoadBalancer.Alb.LoadBalancerDnsName, "point the domain's CNAME / alias here");
        Output("ClusterName", cluster.ClusterName, "ECS cluster of the services and the migration task");
        foreach (var service in WebServices)
        {
            Output(OutputKeys.Of(service.Project.Name, "ServiceName"), service.Service.ServiceName, $"ECS service of {service.Project.Name}");
        }

        if (Database is not null)
        {
            Output("DatabaseInstanceId", Database.Instance.InstanceIdentifier, "RDS instance to snapshot before a deployment");
        }

        if (OneOffTasks.FirstOrDefault(t => t.SnapshotsDatabase) is { } migrations)
        {
            Output("PreMigrationSnapshot", migrations.PreMigrationSnapshot, "manual RDS snapshot taken before this deployment's migrations (\"none\" when nothing was pending on existing tables); restore from it to undo them");
        }
    }

    // Created on the stack itself: an output's OutputKey is its id only at the top level of a stack.
    private void Output(string key, string value, string description) =>
        new CfnOutput(this, key, new CfnOutputProps { Value = value, Description = description });

    // Security groups and the task role get exactly what the task's environment uses.
    private void Connect(Amazon.CDK.AWS.EC2.SecurityGroup client, Amazon.CDK.AWS.IAM.Role taskRole, TaskEnvironment environment, bool throughProxy, string name)
    {
        if (environment.UsesDatabase && Database is not null)
        {
            Database.AllowFrom(client, taskRole, throughProxy, name);
        }

        if (environment.UsesCache && Cache is not null)
        {
            Cache.SecurityGroup.AddIngressRule(client, Amazon.CDK.AWS.EC2.Port.Tcp(Cache.Port), name);
        }

        if (environment.UsesStorage && Storage is not null)
        {
            Storage.GrantPrefixes(taskRole);
        }
    }
}
