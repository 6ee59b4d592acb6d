using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Logs;
using MealPlanner.Deploy.Mapping;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>
/// The AWS Distro for OpenTelemetry collector beside each task's app container: it receives the app's OTLP metrics on
/// the task's loopback and writes them as Embedded Metric Format lines to a log group of their own, from which
/// CloudWatch extracts the metrics of the namespace <see cref="Namespace"/>. Only the OpenTelemetry-standard variables
/// reach the app; no app configuration key is named here.
/// </summary>
public static class MetricsCollector
{
    /// <summary>A pinned release: a moving tag would change the collector under a running environment.</summary>
    public const string Image = "public.ecr.aws/aws-observability/aws-otel-collector:v0.43.3";

    public const string ContainerName = "otel-collector";

    /// <summary>Hard limit of the collector; the app container gets the rest of the task's memory. The collector
    /// idles around 40 MiB with a handful of metric series; the limiter keeps it under this.</summary>
    public const int MemoryMiB = 128;

    public const string CollectorUser = "10001";

    public const string Endpoint = "http://127.0.0.1:4317";

    /// <summary>OpenTelemetry-standard variables: where the app's metrics go, and histograms CloudWatch can take
    /// percentiles from. Traces and logs are not sent (the signal-specific endpoint covers metrics only): logs reach
    /// CloudWatch through stdout, with the trace ids in them.</summary>
    public static IReadOnlyDictionary<string, string> AppVariables(string project) => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = Endpoint,
        ["OTEL_EXPORTER_OTLP_METRICS_PROTOCOL"] = "grpc",
        ["OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION"] = "base2_exponential_bucket_histogram",
        ["OTEL_SERVICE_NAME"] = project,
    };

    /// <summary>The general OTLP endpoint would send every signal to a collector address of the local machine
    /// (the Aspire dashboard): it means nothing in AWS.</summary>
    public const string DroppedEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static string Namespace(DeploymentEnvironment environment) => $"MealPlanner/{environment.Name}";

    public static string LogGroupName(DeploymentEnvironment environment, string project) => environment.Path($"{project}/metrics");

    public static void AddTo(FargateTaskDefinition task, ServiceContext context, ProjectDefinition project, Role taskRole, LogGroup appLogs)
    {
        var logGroupName = LogGroupName(context.Environment, project.Name);
        var metricsLogs = context.Logs.Create(task, "MetricsLogs", logGroupName);
        // Least privilege: EMF lines are log events; CloudWatch extracts the metrics itself, so no
        // cloudwatch:PutMetricData is granted, and writes reach this one log group only.
        metricsLogs.GrantWrite(taskRole);
        taskRole.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["logs:DescribeLogStreams"],
            Resources = [metricsLogs.LogGroupArn],
        }));

        task.AddContainer(ContainerName, new ContainerDefinitionOptions
        {
            Image = ContainerImage.FromRegistry(Image),
            // Losing metrics must not stop the app; the app exiting stops the task (and flushes the collector).
            Essential = false,
            MemoryLimitMiB = MemoryMiB,
            ReadonlyRootFilesystem = true,
            // The collector image's own unprivileged user.
            User = CollectorUser,
            Environment = new Dictionary<string, string> { ["AOT_CONFIG_CONTENT"] = Config(context.Environment, logGroupName) },
            Logging = LogDriver.AwsLogs(new AwsLogDriverProps { LogGroup = appLogs, StreamPrefix = ContainerName }),
        });
    }

    /// <summary>
    /// The collector's configuration. The metric declarations choose the dimensions CloudWatch keeps (each
    /// metric x dimension set is a billed custom metric): the service, plus the status code, the connection state,
    /// the cache outcome or the migration outcome. Every other attribute stays in the log line, queryable, unbilled.
    /// </summary>
    public static string Config(DeploymentEnvironment environment, string logGroupName) => $$"""
        extensions:
          health_check:
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:4317
        processors:
          # The task id names each task's log stream ({TaskId}); detected attributes stay out of the dimensions.
          resourcedetection:
            detectors: [env, ecs]
          memory_limiter:
            check_interval: 5s
            limit_mib: {{MemoryMiB - 28}}
          batch/metrics:
            timeout: 60s
        exporters:
          awsemf:
            namespace: {{Namespace(environment)}}
            log_group_name: {{logGroupName}}
            log_stream_name: '{TaskId}'
            dimension_rollup_option: NoDimensionRollup
            resource_to_telemetry_conversion:
              enabled: true
            metric_declarations:
              - dimensions: [[service.name], [service.name, http.response.status_code]]
                metric_name_selectors: ['^http\.server\.request\.duration$']
              - dimensions: [[service.name, db.client.connection.state]]
                metric_name_selectors: ['^db\.client\.connection\.count$']
              - dimensions: [[service.name]]
                metric_name_selectors: ['^db\.client\.connection\.max$', '^db\.client\.connection\.npgsql\.pending_requests$']
              - dimensions: [[service.name, result]]
                metric_name_selectors: ['^mealplanner\.cache\.lookups$']
              - dimensions: [[service.name, outcome]]
                metric_name_selectors: ['^mealplanner\.migrations\.duration$']
        service:
          extensions: [health_check]
          pipelines:
            metrics:
              receivers: [otlp]
              processors: [memory_limiter, resourcedetection, batch/metrics]
              exporters: [awsemf]
        """;
}
