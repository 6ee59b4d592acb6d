using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every MealPlanner service shares: telemetry, health endpoints, resilience and service discovery.
/// </summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Liveness: the process answers. Never depends on anything outside the process.</summary>
    public const string AlivePath = "/alive";

    /// <summary>Readiness: every dependency answers. The load balancer's target health check.</summary>
    public const string HealthPath = "/health";

    /// <summary>Tag of the checks that only take part in liveness.</summary>
    public const string LiveTag = "live";

    /// <summary>How long a health check without a timeout of its own may take: a dependency that hangs must not hang
    /// the load balancer's probe with it.</summary>
    public static readonly TimeSpan DefaultHealthCheckTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Activity sources and meters of MealPlanner's own code, exported with the framework's.</summary>
    public const string TelemetrySourceName = "MealPlanner";

    /// <summary>Npgsql's meter: connection pool usage (<c>db.client.connection.count</c> by state) and command durations.</summary>
    public const string NpgsqlMeterName = "Npgsql";

    /// <summary>The OpenTelemetry-standard switch of the default histogram aggregation. The CloudWatch exporter
    /// turns only exponential histograms into value/count pairs, which is what CloudWatch computes percentiles from.</summary>
    public const string HistogramAggregationVariable = "OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION";

    public const string ExponentialHistogramAggregation = "base2_exponential_bucket_histogram";

    /// <summary>The OpenTelemetry-standard collector address for every signal (Aspire sets it for the dashboard).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>The collector address for metrics alone: the deployer's only export setting (the ADOT sidecar).</summary>
    public const string OtlpMetricsEndpointVariable = "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT";

    /// <summary><c>grpc</c> (the deployer's, and the default) or <c>http/protobuf</c>.</summary>
    public const string OtlpMetricsProtocolVariable = "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        builder.UseJsonConsoleInContainers();

        var exponentialHistograms = string.Equals(builder.Configuration[HistogramAggregationVariable], ExponentialHistogramAggregation, StringComparison.OrdinalIgnoreCase);
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(TelemetrySourceName, NpgsqlMeterName);
                if (exponentialHistograms)
                {
                    metrics.AddView(instrument => instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal)
                        ? new Base2ExponentialBucketHistogramConfiguration()
                        : null);
                }
            })
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, TelemetrySourceName)
                // Health probes every few seconds would drown the traces that matter.
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments(HealthPath) &&
                    !context.Request.Path.StartsWithSegments(AlivePath))
                .AddHttpClientInstrumentation());

        // Export only where a collector is configured: every signal to the Aspire dashboard locally; in AWS only metrics,
        // to the ADOT sidecar, whose address the deployer gives as the metrics-only variable (docs/OBSERVABILITY.md).
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
            ExportWithoutResilienceHandler(builder.Services);
        }
        else if (Uri.TryCreate(builder.Configuration[OtlpMetricsEndpointVariable], UriKind.Absolute, out var metricsEndpoint))
        {
            // The per-signal exporter reads only the all-signal variables, so the metrics ones are applied here.
            var protocol = string.Equals(builder.Configuration[OtlpMetricsProtocolVariable], "http/protobuf", StringComparison.OrdinalIgnoreCase)
                ? OtlpExportProtocol.HttpProtobuf
                : OtlpExportProtocol.Grpc;
            builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddOtlpExporter(options =>
            {
                options.Endpoint = metricsEndpoint;
                options.Protocol = protocol;
            }));
            ExportWithoutResilienceHandler(builder.Services);
        }

        return builder;
    }

    /// <summary>The names under which the OTLP exporter takes its HTTP clients from <see cref="System.Net.Http.IHttpClientFactory"/>.</summary>
    public static readonly IReadOnlyList<string> OtlpExporterHttpClients = ["OtlpTraceExporter", "OtlpMetricExporter", "OtlpLogExporter"];

    /// <summary>
    /// The standard resilience handler that every other client gets retries a failed call three times, 2 s apart and
    /// growing. On the exporter's clients that held a process's exit while a collector did not answer: the migration
    /// worker, which the API waits for, took 17.6 s from "shutting down" to its exit when the dashboard was away. The
    /// exporter has its own retry (Aspire turns it on), so its clients go without.
    /// </summary>
    private static void ExportWithoutResilienceHandler(IServiceCollection services)
    {
        foreach (var client in OtlpExporterHttpClients)
        {
            // Evaluation-stage API (EXTEXP0001), the documented way to take a client out of ConfigureHttpClientDefaults.
#pragma warning disable EXTEXP0001
            services.AddHttpClient(client).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        }
    }

    /// <summary>
    /// In a container (the .NET images set DOTNET_RUNNING_IN_CONTAINER, ECS sets ECS_CONTAINER_METADATA_URI_V4) the
    /// console is the only log sink (awslogs ships stdout to CloudWatch Logs): one JSON object per line, with the
    /// trace and span ids in its scopes, so a CloudWatch Logs Insights query finds the lines of one trace as the
    /// Aspire dashboard does locally.
    /// </summary>
    public static TBuilder UseJsonConsoleInContainers<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (!RunsInContainer(builder.Configuration))
        {
            return builder;
        }

        // Replaces the console's formatter; the OpenTelemetry logger stays for a configured collector.
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        return builder;
    }

    public static bool RunsInContainer(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        string.Equals(configuration["DOTNET_RUNNING_IN_CONTAINER"], "true", StringComparison.OrdinalIgnoreCase) ||
        !string.IsNullOrEmpty(configuration["ECS_CONTAINER_METADATA_URI_V4"]);

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Timeout == Timeout.InfiniteTimeSpan))
            {
                registration.Timeout = DefaultHealthCheckTimeout;
            }
        });
        return builder;
    }

    /// <summary>
    /// Maps <c>/alive</c> and <c>/health</c> in every environment: the load balancer needs them in production.
    /// Per-check detail is written only in Development; elsewhere the body is the bare status.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        var detailed = app.Environment.IsDevelopment();

        app.MapHealthChecks(HealthPath, new HealthCheckOptions
        {
            ResponseWriter = detailed ? HealthReportWriter.WriteDetailed : HealthReportWriter.WriteSummary,
        }).DisableHttpMetrics();

        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
        }).DisableHttpMetrics();

        return app;
    }
}
