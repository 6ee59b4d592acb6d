using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MealPlanner.Deploy.Infrastructure;

namespace MealPlanner.Deploy.Tests;

/// <summary>The app's OpenTelemetry metrics leave every task through the collector sidecar, reach the dashboard, and
/// the task role may write them to its own metrics log group and nowhere else.</summary>
[Collection(SynthCollection.Name)]
public sealed class ObservabilityTests(SynthFixture synth)
{
    private static IEnumerable<JsonObject> Containers(Synthesized s, string family) =>
        s.Resources("AWS::ECS::TaskDefinition")
            .Single(r => r.Resource["Properties"]!["Family"]!.GetValue<string>().EndsWith($"-{family}", StringComparison.Ordinal))
            .Resource["Properties"]!["ContainerDefinitions"]!.AsArray().Select(c => c!.AsObject());

    private static Dictionary<string, string> Variables(JsonObject container) =>
        container["Environment"]!.AsArray().ToDictionary(e => e!["Name"]!.GetValue<string>(), e => e!["Value"] is JsonValue text && text.TryGetValue<string>(out var value) ? value : e!["Value"]!.ToJsonString());

    [Theory]
    [InlineData("api")]
    [InlineData("migrations")]
    public void Every_task_runs_the_collector_sidecar_with_its_emf_config_and_the_app_exports_metrics_to_it(string project)
    {
        var s = synth.Committed("production");
        var containers = Containers(s, project).ToList();
        var collector = containers.Single(c => c["Name"]!.GetValue<string>() == MetricsCollector.ContainerName);
        var app = containers.Single(c => c["Name"]!.GetValue<string>() == project);

        Assert.StartsWith("public.ecr.aws/aws-observability/aws-otel-collector:v", collector["Image"]!.GetValue<string>());
        Assert.False(collector["Essential"]!.GetValue<bool>());
        Assert.Equal(MetricsCollector.CollectorUser, collector["User"]!.GetValue<string>());
        Assert.True(collector["ReadonlyRootFilesystem"]!.GetValue<bool>());
        Assert.True(app["Essential"]!.GetValue<bool>());
        var config = Variables(collector)["AOT_CONFIG_CONTENT"];
        Assert.Contains("awsemf:", config);
        Assert.Contains("namespace: MealPlanner/production", config);
        Assert.Contains($"log_group_name: /meal-planner/production/{project}/metrics", config);
        Assert.Contains("endpoint: 127.0.0.1:4317", config);

        var variables = Variables(app);
        Assert.Equal(MetricsCollector.Endpoint, variables["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"]);
        Assert.Equal("base2_exponential_bucket_histogram", variables["OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION"]);
        Assert.Equal(project, variables["OTEL_SERVICE_NAME"]);
        Assert.DoesNotContain("OTEL_EXPORTER_OTLP_ENDPOINT", variables.Keys);

        // Both containers fit the task: the app's hard limit leaves the collector its share.
        var taskMemory = int.Parse(s.Resources("AWS::ECS::TaskDefinition")
            .Single(r => r.Resource["Properties"]!["Family"]!.GetValue<string>().EndsWith($"-{project}", StringComparison.Ordinal))
            .Resource["Properties"]!["Memory"]!.ToJsonString().Trim('"'));
        Assert.Equal(taskMemory, app["Memory"]!.GetValue<int>() + collector["Memory"]!.GetValue<int>());
    }

    [Fact]
    public void The_collector_keeps_a_dimension_set_for_every_metric_the_dashboard_reads()
    {
        var config = MetricsCollector.Config(DeploymentEnvironment.Of("production"), "/meal-planner/production/api/metrics");
        var selectors = Regex.Matches(config, @"metric_name_selectors: \[(?<list>[^\]]*)\]")
            .SelectMany(m => m.Groups["list"].Value.Split(',', StringSplitOptions.TrimEntries))
            .Select(quoted => new Regex(quoted.Trim('\'')))
            .ToList();

        foreach (var metric in new[] { AppMetrics.RequestDuration, AppMetrics.PoolConnections, AppMetrics.PoolMax, AppMetrics.CacheLookups, AppMetrics.MigrationDuration })
        {
            Assert.Single(selectors, selector => selector.IsMatch(metric));
        }

        // Dimensions the dashboard's queries name.
        foreach (var dimension in new[] { "[service.name, http.response.status_code]", "[service.name, db.client.connection.state]", "[service.name, result]", "[service.name, outcome]" })
        {
            Assert.Contains(dimension, config);
        }

        Assert.Contains("exporters: [awsemf]", config);
    }

    [Fact]
    public void The_task_role_writes_only_to_its_metrics_log_group_and_never_calls_put_metric_data()
    {
        var s = synth.Committed("production");
        var policies = s.Resources("AWS::IAM::Policy").Select(p => p.Resource.ToJsonString()).ToList();
        Assert.DoesNotContain(policies, p => p.Contains("cloudwatch:PutMetricData", StringComparison.Ordinal));

        foreach (var project in new[] { "api", "migrations" })
        {
            var policy = s.Resources("AWS::IAM::Policy").Single(p => p.Id.StartsWith($"{project}", StringComparison.Ordinal) && p.Id.Contains("TaskRoleDefaultPolicy", StringComparison.Ordinal));
            var metricsGroup = s.Resources("AWS::Logs::LogGroup")
                .Single(g => g.Resource["Properties"]!["LogGroupName"]?.GetValue<string>() == $"/meal-planner/production/{project}/metrics").Id;
            var logStatements = policy.Resource["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
                .Where(st => st!["Action"]!.ToJsonString().Contains("logs:", StringComparison.Ordinal))
                .ToList();

            Assert.NotEmpty(logStatements);
            Assert.All(logStatements, st =>
            {
                Assert.Contains(metricsGroup, st!["Resource"]!.ToJsonString());
                Assert.DoesNotContain("\"*\"", st["Resource"]!.ToJsonString());
            });
            var actions = string.Join(",", logStatements.Select(st => st!["Action"]!.ToJsonString()));
            Assert.Contains("logs:PutLogEvents", actions);
            Assert.Contains("logs:CreateLogStream", actions);
        }

        s.Platform.HasResourceProperties("AWS::Logs::LogGroup", new Dictionary<string, object>
        {
            ["LogGroupName"] = "/meal-planner/production/api/metrics",
            ["RetentionInDays"] = 365,
            ["KmsKeyId"] = Amazon.CDK.Assertions.Match.AnyValue(),
        });
    }

    [Fact]
    public void The_dashboard_shows_the_apps_requests_errors_percentiles_pool_cache_ratio_with_bypass_and_migration_duration()
    {
        var body = synth.Committed("production").Resources("AWS::CloudWatch::Dashboard").Single().Resource["Properties"]!["DashboardBody"]!.ToJsonString();

        Assert.Contains("MealPlanner/production", body);
        foreach (var expected in new[]
                 {
                     "http.server.request.duration", "SampleCount", "http.response.status_code", "api (app): request duration p50 / p95 / p99",
                     "db.client.connection.count", "db.client.connection.max", "used", "idle",
                     "mealplanner.cache.lookups", "bypass", "degraded", "cache hit ratio",
                     "mealplanner.migrations.duration", "migration run duration",
                 })
        {
            Assert.Contains(expected, body);
        }

        // The AWS metrics stay beside them.
        Assert.Contains("TargetResponseTime", body);
        Assert.Contains("CacheHits", body);
    }

    /// <summary>The sentry-dsn secret parameter becomes the secret {env}/parameters/sentry-dsn and reaches the API as an
    /// ECS secret under the variable the AppHost named; its first value is a random placeholder, which the API treats
    /// as no DSN, until an operator stores the real one.</summary>
    [Fact]
    public void The_sentry_dsn_parameter_reaches_the_api_only_as_its_secrets_manager_secret()
    {
        var s = synth.Committed("production");
        var variable = s.Deployment.Plan.Manifest.Find("api")!.Env.Single(e => e.Value == "{sentry-dsn.value}").Key;
        var api = s.Container("api");

        Assert.DoesNotContain(variable, api["Environment"]!.ToJsonString());
        var reference = api["Secrets"]!.AsArray().Single(e => e!["Name"]!.GetValue<string>() == variable)!["ValueFrom"]!.ToJsonString();
        var secretId = s.Resources("AWS::SecretsManager::Secret")
            .Single(r => r.Resource["Properties"]?["Tags"]?.ToJsonString().Contains("production/parameters/sentry-dsn", StringComparison.Ordinal) == true).Id;
        Assert.Contains(secretId, reference);
        Assert.DoesNotContain(variable, s.Container("migrations").ToJsonString());
    }
}
