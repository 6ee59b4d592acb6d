using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
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

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(TelemetrySourceName))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName, TelemetrySourceName)
                // Health probes every few seconds would drown the traces that matter.
                .AddAspNetCoreInstrumentation(options => options.Filter = context =>
                    !context.Request.Path.StartsWithSegments(HealthPath) &&
                    !context.Request.Path.StartsWithSegments(AlivePath))
                .AddHttpClientInstrumentation());

        // Export only where a collector is configured (the Aspire dashboard, or the ECS sidecar in AWS).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

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
