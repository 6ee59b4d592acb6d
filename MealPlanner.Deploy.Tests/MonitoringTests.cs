using Amazon.CDK.Assertions;

namespace MealPlanner.Deploy.Tests;

/// <summary>US-1.7 and the billing risk: log groups, the spec's alarms, SNS (+PagerDuty), dashboard, budget.</summary>
[Collection(SynthCollection.Name)]
public sealed class MonitoringTests(SynthFixture synth)
{
    [Theory]
    [InlineData("/meal-planner/production/api")]
    [InlineData("/meal-planner/production/migrations")]
    [InlineData("/meal-planner/production/cache")]
    [InlineData("/aws/rds/instance/meal-planner-production-db/postgresql")]
    public void Log_groups_exist_with_retention_and_encryption(string name)
    {
        synth.Committed("production").Platform.HasResourceProperties("AWS::Logs::LogGroup", new Dictionary<string, object>
        {
            ["LogGroupName"] = name,
            ["RetentionInDays"] = 365,
            ["KmsKeyId"] = Match.AnyValue(),
        });
    }

    [Fact]
    public void The_four_spec_alarms_exist_with_their_thresholds_and_windows()
    {
        var s = synth.Committed("production");
        s.Platform.ResourceCountIs("AWS::CloudWatch::Alarm", 4);

        // API error rate > 1% for 5 minutes (5xx / requests of the target group).
        s.Platform.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["AlarmName"] = "meal-planner-production-api-error-rate",
            ["Threshold"] = 1,
            ["EvaluationPeriods"] = 1,
            ["ComparisonOperator"] = "GreaterThanThreshold",
            ["Metrics"] = Match.ArrayWith([
                Match.ObjectLike(new Dictionary<string, object> { ["Expression"] = Match.StringLikeRegexp("errors.*requests") }),
                Match.ObjectLike(new Dictionary<string, object>
                {
                    ["MetricStat"] = Match.ObjectLike(new Dictionary<string, object>
                    {
                        ["Metric"] = Match.ObjectLike(new Dictionary<string, object> { ["MetricName"] = "HTTPCode_Target_5XX_Count" }),
                        ["Period"] = 300,
                    }),
                }),
            ]),
        });
        // Database CPU > 80% for 10 minutes.
        s.Platform.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["MetricName"] = "CPUUtilization",
            ["Namespace"] = "AWS/RDS",
            ["Threshold"] = 80,
            ["Period"] = 300,
            ["EvaluationPeriods"] = 2,
            ["DatapointsToAlarm"] = 2,
        });
        // Redis memory > 90% (busiest node of the group).
        s.Platform.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["AlarmName"] = "meal-planner-production-redis-memory",
            ["Threshold"] = 90,
            ["Metrics"] = Match.ArrayWith([
                Match.ObjectLike(new Dictionary<string, object> { ["Expression"] = "MAX([m0,m1])" }),
                Match.ObjectLike(new Dictionary<string, object>
                {
                    ["MetricStat"] = Match.ObjectLike(new Dictionary<string, object>
                    {
                        ["Metric"] = Match.ObjectLike(new Dictionary<string, object> { ["MetricName"] = "DatabaseMemoryUsagePercentage" }),
                    }),
                }),
            ]),
        });
        // ALB 5xx > 10 in 5 minutes.
        s.Platform.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["MetricName"] = "HTTPCode_ELB_5XX_Count",
            ["Statistic"] = "Sum",
            ["Threshold"] = 10,
            ["Period"] = 300,
            ["EvaluationPeriods"] = 1,
        });
    }

    [Fact]
    public void Every_alarm_notifies_the_sns_topic()
    {
        var s = synth.Committed("production");
        var topic = s.Resources("AWS::SNS::Topic").Single().Id;

        Assert.All(s.Resources("AWS::CloudWatch::Alarm"), alarm => Assert.Contains(topic, alarm.Resource["Properties"]!["AlarmActions"]!.ToJsonString()));
    }

    [Fact]
    public void Pagerduty_and_email_subscribe_only_when_configured()
    {
        synth.Future.Platform.HasResourceProperties("AWS::SNS::Subscription", new Dictionary<string, object>
        {
            ["Protocol"] = "https",
            ["Endpoint"] = "https://events.pagerduty.com/integration/abc123/enqueue",
        });
        synth.Future.Platform.HasResourceProperties("AWS::SNS::Subscription", new Dictionary<string, object> { ["Protocol"] = "email" });
        synth.Committed("production").Platform.ResourceCountIs("AWS::SNS::Subscription", 0);
    }

    [Fact]
    public void The_dashboard_shows_requests_errors_latency_percentiles_db_connections_redis_memory_and_hit_rate()
    {
        var body = synth.Committed("production").Resources("AWS::CloudWatch::Dashboard").Single().Resource["Properties"]!["DashboardBody"]!.ToJsonString();

        foreach (var expected in new[] { "RequestCount", "error rate", "p50", "p95", "p99", "DatabaseConnections", "DatabaseMemoryUsagePercentage", "CacheHits", "Cache hit rate" })
        {
            Assert.Contains(expected, body);
        }
    }

    [Fact]
    public void The_monthly_budget_alerts_at_50_100_and_150_dollars()
    {
        synth.Committed("production").Platform.HasResourceProperties("AWS::Budgets::Budget", new Dictionary<string, object>
        {
            ["Budget"] = Match.ObjectLike(new Dictionary<string, object> { ["BudgetType"] = "COST", ["TimeUnit"] = "MONTHLY" }),
            ["NotificationsWithSubscribers"] = new[] { 50, 100, 150 }.Select(usd => Match.ObjectLike(new Dictionary<string, object>
            {
                ["Notification"] = new Dictionary<string, object>
                {
                    ["ComparisonOperator"] = "GREATER_THAN",
                    ["NotificationType"] = "ACTUAL",
                    ["Threshold"] = usd,
                    ["ThresholdType"] = "ABSOLUTE_VALUE",
                },
            })).ToArray(),
        });
    }
}
