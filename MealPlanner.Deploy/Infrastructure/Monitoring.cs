using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;
using MealPlanner.Deploy.Settings;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>
/// US-1.7: the spec's alarms (API error rate > 1% for 5 min, DB CPU > 80% for 10 min, Redis memory
/// > 90%, ALB 5xx > 10 in 5 min) plus the capacity ones (service CPU and memory > 80%, p99 > 1 s, database
/// free storage &lt; 10%) to one SNS topic (email and PagerDuty optional), and the dashboard.
/// </summary>
public sealed class Monitoring : Construct
{
    public Topic AlertTopic { get; }
    public Key TopicKey { get; }
    public Alarm Alb5xxAlarm { get; }
    public Dashboard Dashboard { get; }
    private readonly string _prefix;

    public Monitoring(Construct scope, string id, DeploymentEnvironment environment, AlertSettings alerts, ApplicationLoadBalancer alb) : base(scope, id)
    {
        _prefix = environment.Prefix;

        // A customer key, because CloudWatch and Budgets can only publish to an encrypted topic whose key lets them.
        TopicKey = EncryptionKeys.Create(this, "TopicKey", $"{_prefix} alert topic", "cloudwatch.amazonaws.com", "budgets.amazonaws.com");

        AlertTopic = new Topic(this, "Alerts", new TopicProps
        {
            TopicName = $"{_prefix}-alerts",
            DisplayName = $"MealPlanner {environment} alerts",
            MasterKey = TopicKey,
            EnforceSSL = true,
        });
        if (alerts.Email is { Length: > 0 } email)
        {
            AlertTopic.AddSubscription(new EmailSubscription(email));
        }

        if (alerts.PagerDutyUrl is { Length: > 0 } pagerDuty)
        {
            AlertTopic.AddSubscription(new UrlSubscription(pagerDuty, new UrlSubscriptionProps { Protocol = SubscriptionProtocol.HTTPS }));
        }

        Alb5xxAlarm = Alarm("Alb5xx", $"{_prefix}-alb-5xx", "ALB 5xx errors > 10 in 5 minutes",
            Metric("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "Sum", ("LoadBalancer", alb.LoadBalancerFullName)),
            threshold: 10, periods: 1);

        Dashboard = new Dashboard(this, "Dashboard", new DashboardProps { DashboardName = _prefix });
    }

    public Alarm AddErrorRateAlarm(string service, ApplicationLoadBalancer alb, ApplicationTargetGroup targetGroup)
    {
        var requests = Metric("AWS/ApplicationELB", "RequestCount", "Sum", ("LoadBalancer", alb.LoadBalancerFullName), ("TargetGroup", targetGroup.TargetGroupFullName));
        var errors = Metric("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "Sum", ("LoadBalancer", alb.LoadBalancerFullName), ("TargetGroup", targetGroup.TargetGroupFullName));
        var errorRate = new MathExpression(new MathExpressionProps
        {
            Expression = "100 * FILL(errors, 0) / IF(requests > 0, requests, 1)",
            UsingMetrics = new Dictionary<string, IMetric> { ["errors"] = errors, ["requests"] = requests },
            Label = $"{service} error rate (%)",
            Period = Duration.Minutes(5),
        });
        var alarm = Alarm($"{service}-ErrorRate", $"{_prefix}-{service}-error-rate", $"{service} error rate > 1% for 5 minutes", errorRate, threshold: 1, periods: 1);

        var latency = new[] { "p50", "p95", "p99" }.Select(p =>
            (IMetric)Metric("AWS/ApplicationELB", "TargetResponseTime", p, ("LoadBalancer", alb.LoadBalancerFullName), ("TargetGroup", targetGroup.TargetGroupFullName))).ToArray();
        Dashboard.AddWidgets(
            Graph($"{service}: request rate (requests/minute)", Metric("AWS/ApplicationELB", "RequestCount", "Sum", OneMinute, ("LoadBalancer", alb.LoadBalancerFullName), ("TargetGroup", targetGroup.TargetGroupFullName))),
            Graph($"{service}: error rate (%)", errorRate),
            Graph($"{service}: response time p50 / p95 / p99 (s)", latency));
        return alarm;
    }

    /// <summary>A service that stays hot at its maximum count, or answers slowly: CPU and memory > 80% for 10 minutes, p99 > 1 s.</summary>
    public void AddServiceAlarms(string service, string clusterName, string serviceName, ApplicationLoadBalancer alb, ApplicationTargetGroup targetGroup)
    {
        var cpu = Metric("AWS/ECS", "CPUUtilization", "Average", ("ClusterName", clusterName), ("ServiceName", serviceName));
        var memory = Metric("AWS/ECS", "MemoryUtilization", "Average", ("ClusterName", clusterName), ("ServiceName", serviceName));
        var p99 = Metric("AWS/ApplicationELB", "TargetResponseTime", "p99", ("LoadBalancer", alb.LoadBalancerFullName), ("TargetGroup", targetGroup.TargetGroupFullName));
        // Autoscaling holds CPU near its target; 80% for 10 minutes means it is at its maximum count and still short.
        Alarm($"{service}-Cpu", $"{_prefix}-{service}-cpu", $"{service} CPU > 80% for 10 minutes", cpu, threshold: 80, periods: 2);
        Alarm($"{service}-Memory", $"{_prefix}-{service}-memory", $"{service} memory > 80% for 10 minutes", memory, threshold: 80, periods: 2);
        Alarm($"{service}-ResponseTimeP99", $"{_prefix}-{service}-p99", $"{service} target response time p99 > 1 s for 5 minutes", p99, threshold: 1, periods: 1);
        Dashboard.AddWidgets(Graph($"{service}: CPU and memory (%)", cpu, memory));
    }

    // The free-storage threshold is 10% of the storage allocated at creation: CloudWatch has no allocated-storage
    // metric. Storage autoscaling grows the volume when free space nears 10%, so this alarm means it did not keep up.
    public void AddDatabase(string instanceIdentifier, string proxyName, int allocatedStorageGb)
    {
        var cpu = Metric("AWS/RDS", "CPUUtilization", "Average", ("DBInstanceIdentifier", instanceIdentifier));
        Alarm("DatabaseCpu", $"{_prefix}-db-cpu", "Database CPU > 80% for 10 minutes", cpu, threshold: 80, periods: 2);
        var freeStorage = Metric("AWS/RDS", "FreeStorageSpace", "Minimum", ("DBInstanceIdentifier", instanceIdentifier));
        Alarm("DatabaseFreeStorage", $"{_prefix}-db-free-storage", $"Database free storage < 10% of {allocatedStorageGb} GB",
            freeStorage, threshold: FreeStorageThresholdBytes(allocatedStorageGb), periods: 1, ComparisonOperator.LESS_THAN_THRESHOLD);
        Dashboard.AddWidgets(
            Graph("Database connections (instance, proxy clients)",
                Metric("AWS/RDS", "DatabaseConnections", "Average", ("DBInstanceIdentifier", instanceIdentifier)),
                Metric("AWS/RDS", "ClientConnections", "Sum", ("ProxyName", proxyName)),
                Metric("AWS/RDS", "MaxDatabaseConnectionsAllowed", "Maximum", ("ProxyName", proxyName))),
            Graph("Database CPU (%)", cpu));
    }

    public void AddCache(IEnumerable<string> nodeIds)
    {
        var ids = nodeIds.ToList();
        var memory = new MathExpression(new MathExpressionProps
        {
            Expression = $"MAX([{string.Join(",", ids.Select((_, i) => $"m{i}"))}])",
            UsingMetrics = ids.Select((node, i) => (key: $"m{i}", metric: (IMetric)Metric("AWS/ElastiCache", "DatabaseMemoryUsagePercentage", "Maximum", ("CacheClusterId", node))))
                .ToDictionary(x => x.key, x => x.metric),
            Label = "Redis memory used (%, busiest node)",
            Period = Duration.Minutes(5),
        });
        Alarm("RedisMemory", $"{_prefix}-redis-memory", "Redis memory > 90%", memory, threshold: 90, periods: 1);

        var primary = ids[0];
        var hitRate = new MathExpression(new MathExpressionProps
        {
            Expression = "100 * hits / IF(hits + misses > 0, hits + misses, 1)",
            UsingMetrics = new Dictionary<string, IMetric>
            {
                ["hits"] = Metric("AWS/ElastiCache", "CacheHits", "Sum", ("CacheClusterId", primary)),
                ["misses"] = Metric("AWS/ElastiCache", "CacheMisses", "Sum", ("CacheClusterId", primary)),
            },
            Label = "Cache hit rate (%)",
            Period = Duration.Minutes(5),
        });
        Dashboard.AddWidgets(Graph("Redis memory usage (%)", memory), Graph("Cache hit rate (%)", hitRate));
    }

    /// <summary>10% of the allocated storage, in bytes (the unit of FreeStorageSpace).</summary>
    public static double FreeStorageThresholdBytes(int allocatedStorageGb) => allocatedStorageGb * 0.1 * 1024 * 1024 * 1024;

    private Alarm Alarm(string id, string name, string description, IMetric metric, double threshold, int periods, ComparisonOperator comparison = ComparisonOperator.GREATER_THAN_THRESHOLD)
    {
        var alarm = new Alarm(this, id, new AlarmProps
        {
            AlarmName = name,
            AlarmDescription = description,
            Metric = metric,
            Threshold = threshold,
            EvaluationPeriods = periods,
            DatapointsToAlarm = periods,
            ComparisonOperator = comparison,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });
        alarm.AddAlarmAction(new SnsAction(AlertTopic));
        alarm.AddOkAction(new SnsAction(AlertTopic));
        return alarm;
    }

    private static readonly Duration OneMinute = Duration.Minutes(1);

    private static Metric Metric(string ns, string name, string statistic, params (string Key, string Value)[] dimensions) =>
        Metric(ns, name, statistic, Duration.Minutes(5), dimensions);

    private static Metric Metric(string ns, string name, string statistic, Duration period, params (string Key, string Value)[] dimensions) => new(new MetricProps
    {
        Namespace = ns,
        MetricName = name,
        Statistic = statistic,
        Period = period,
        DimensionsMap = dimensions.ToDictionary(d => d.Key, d => d.Value),
    });

    private static GraphWidget Graph(string title, params IMetric[] metrics) => new(new GraphWidgetProps
    {
        Title = title,
        Left = metrics,
        Width = 8,
    });
}
