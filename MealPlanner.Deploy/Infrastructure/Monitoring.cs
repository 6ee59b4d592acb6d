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

    /// <summary>
    /// The app's own metrics (written by the collector sidecar into <paramref name="ns"/>), next to the AWS ones: a web
    /// service's request rate, error rate and latency percentiles as the app measured them, its connection pool and
    /// cache outcomes; a one-off task's run duration.
    /// </summary>
    public void AddApplicationMetrics(Mapping.ProjectDefinition project, string ns, TaskEnvironment environment)
    {
        var service = project.Name;
        (string Key, string Value) ofService = ("service.name", service);
        var widgets = new List<IWidget>();
        if (project.Role == Mapping.ProjectRole.WebService)
        {
            var requests = Metric(ns, AppMetrics.RequestDuration, "SampleCount", OneMinute, ofService);
            var errors = new MathExpression(new MathExpressionProps
            {
                // Status codes are a dimension: the 5xx series are found by value, whichever occur.
                Expression = $"100 * FILL(SUM(SEARCH('{{{ns},http.response.status_code,service.name}} MetricName=\"{AppMetrics.RequestDuration}\" service.name=\"{service}\" http.response.status_code=(500 OR 501 OR 502 OR 503 OR 504)', 'SampleCount', 60)), 0) / IF(requests > 0, requests, 1)",
                UsingMetrics = new Dictionary<string, IMetric> { ["requests"] = requests },
                Label = $"{service} app error rate (% 5xx)",
                Period = OneMinute,
            });
            var latency = new[] { "p50", "p95", "p99" }.Select(p => (IMetric)Metric(ns, AppMetrics.RequestDuration, p, OneMinute, ofService)).ToArray();
            widgets.Add(Graph($"{service} (app): request rate (requests/minute)", requests));
            widgets.Add(Graph($"{service} (app): error rate (% 5xx)", errors));
            widgets.Add(Graph($"{service} (app): request duration p50 / p95 / p99 (s)", latency));
        }

        if (environment.UsesDatabase && project.Role != Mapping.ProjectRole.OneOffTask)
        {
            widgets.Add(Graph($"{service} (app): database pool connections (used, idle, max)",
                Metric(ns, AppMetrics.PoolConnections, "Maximum", OneMinute, ofService, ("db.client.connection.state", "used")),
                Metric(ns, AppMetrics.PoolConnections, "Maximum", OneMinute, ofService, ("db.client.connection.state", "idle")),
                Metric(ns, AppMetrics.PoolMax, "Maximum", OneMinute, ofService)));
        }

        if (environment.UsesCache)
        {
            var outcomes = AppMetrics.CacheOutcomes.ToDictionary(o => o, o => (IMetric)Metric(ns, AppMetrics.CacheLookups, "Sum", OneMinute, ofService, ("result", o)));
            widgets.Add(Graph($"{service} (app): cache hit ratio (%, bypass counted as a lookup)", new MathExpression(new MathExpressionProps
            {
                Expression = $"100 * FILL(hit, 0) / IF({string.Join(" + ", AppMetrics.CacheOutcomes.Select(o => $"FILL({o}, 0)"))} > 0, {string.Join(" + ", AppMetrics.CacheOutcomes.Select(o => $"FILL({o}, 0)"))}, 1)",
                UsingMetrics = outcomes,
                Label = $"{service} cache hit ratio (%)",
                Period = OneMinute,
            })));
            widgets.Add(Graph($"{service} (app): cache lookups by outcome (per minute)", outcomes.Values.ToArray()));
        }

        if (project.Role == Mapping.ProjectRole.OneOffTask)
        {
            widgets.Add(Graph($"{service} (app): migration run duration (s)",
                Metric(ns, AppMetrics.MigrationDuration, "Maximum", Duration.Minutes(5), ofService, ("outcome", "succeeded")),
                Metric(ns, AppMetrics.MigrationDuration, "Maximum", Duration.Minutes(5), ofService, ("outcome", "failed"))));
        }

        if (widgets.Count > 0)
        {
            Dashboard.AddWidgets(widgets.ToArray());
        }
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

/// <summary>The names the app's instruments export under (ASP.NET Core's, Npgsql's and MealPlanner's own meters).</summary>
public static class AppMetrics
{
    public const string RequestDuration = "http.server.request.duration";
    public const string PoolConnections = "db.client.connection.count";
    public const string PoolMax = "db.client.connection.max";
    public const string CacheLookups = "mealplanner.cache.lookups";
    public const string MigrationDuration = "mealplanner.migrations.duration";

    /// <summary>Every value of the cache meter's <c>result</c> tag: the ratio's denominator is all lookups.</summary>
    public static readonly string[] CacheOutcomes = ["hit", "miss", "degraded", "bypass"];
}
