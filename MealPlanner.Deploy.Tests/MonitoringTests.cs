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
    public void The_capacity_alarms_watch_service_cpu_and_memory_response_time_p99_and_database_free_storage()
    {
        var s = synth.Committed("production");
        s.Platform.ResourceCountIs("AWS::CloudWatch::Alarm", 8);
        var service = s.Resources("AWS::ECS::Service").Single().Id;

        foreach (var metric in new[] { "CPUUtilization", "MemoryUtilization" })
        {
            s.Platform.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
            {
                ["Namespace"] = "AWS/ECS",
                ["MetricName"] = metric,
                ["Dimensions"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["Name"] = "ServiceName", ["Value"] = new Dictionary<string, object> { ["Fn::GetAtt"] = new[] { service, "Name" } } })]),
                ["Statistic"] = "Average",
                ["Threshold"] = 80,
                ["ComparisonOperator"] = "GreaterThanThreshold",
                ["EvaluationPeriods"] = 2,
            });
        }

        s.Platform.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["AlarmName"] = "meal-planner-production-api-p99",
            ["MetricName"] = "TargetResponseTime",
            ["ExtendedStatistic"] = "p99",
            ["Threshold"] = 1,
            ["ComparisonOperator"] = "GreaterThanThreshold",
        });
        // 10% of the 100 GB allocated, in bytes.
        s.Platform.HasResourceProperties("AWS::CloudWatch::Alarm", new Dictionary<string, object>
        {
            ["AlarmName"] = "meal-planner-production-db-free-storage",
            ["Namespace"] = "AWS/RDS",
            ["MetricName"] = "FreeStorageSpace",
            ["Statistic"] = "Minimum",
            ["Threshold"] = 10737418240L,
            ["ComparisonOperator"] = "LessThanThreshold",
        });
    }

    [Theory]
    [InlineData(20, 2147483648.0)]
    [InlineData(100, 10737418240.0)]
    public void Free_storage_threshold_is_ten_percent_of_the_allocated_gigabytes(int allocatedGb, double bytes)
    {
        Assert.Equal(bytes, MealPlanner.Deploy.Infrastructure.Monitoring.FreeStorageThresholdBytes(allocatedGb));
    }

    [Fact]
    public void Every_alarm_notifies_the_sns_topic_when_it_fires_and_when_it_clears()
    {
        foreach (var s in new[] { synth.Committed("production"), synth.TwoWebProjects })
        {
            var topic = s.Resources("AWS::SNS::Topic").Single().Id;

            Assert.All(s.Resources("AWS::CloudWatch::Alarm"), alarm =>
            {
                Assert.Contains(topic, alarm.Resource["Properties"]!["AlarmActions"]!.ToJsonString());
                Assert.Contains(topic, alarm.Resource["Properties"]!["OKActions"]!.ToJsonString());
            });
        }
    }

    [Fact]
    public void No_alert_endpoint_in_the_settings_is_a_synth_time_warning_and_one_endpoint_silences_it()
    {
        var committed = synth.Committed("staging").Deployment.Warnings;
        Assert.Equal("settings/staging.json: \"alerts\" has no \"email\" and no \"pagerDutyUrl\"; alarms reach the topic meal-planner-staging-alerts and nobody else (see docs/deploy/settings.md)", Assert.Single(committed));
        Assert.Empty(synth.Future.Deployment.Warnings);

        var pagerDutyOnly = MealPlanner.Deploy.Settings.DeploySettings.Load(SynthFixture.SettingsFile("production"), DeploymentEnvironment.Of("production"));
        pagerDutyOnly.Alerts.PagerDutyUrl = "https://events.pagerduty.com/integration/abc123/enqueue";
        Assert.Empty(MealPlanner.Deploy.Infrastructure.DeploymentApp.WarningsFor(pagerDutyOnly, DeploymentEnvironment.Of("production")));
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
