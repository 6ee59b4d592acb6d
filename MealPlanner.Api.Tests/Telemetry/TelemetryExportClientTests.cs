using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace MealPlanner.Api.Tests.Telemetry;

/// <summary>
/// Where telemetry goes, through the exporter's own HTTP clients (answered here by a stub collector):
/// - locally (Aspire sets the all-signal endpoint) an export is sent once and retrying is left to the exporter. Through
///   the standard resilience handler every other client gets, a failing collector held a process's exit for its
///   retries: the migration worker took 17.6 s to exit with the dashboard away, and the API waits for that exit;
/// - in AWS the deployer sets only the metrics endpoint (the ADOT sidecar), and metrics must reach it. Before, nothing
///   was exported at all there.
/// </summary>
public sealed class TelemetryExportClientTests
{
    private const string Collector = "http://127.0.0.1:4318";

    [Fact]
    public async Task Each_exporter_client_sends_a_failed_export_once()
    {
        var collector = new StubCollector(HttpStatusCode.ServiceUnavailable);
        using var host = HostExportingTo(collector, (ServiceDefaultsExtensions.OtlpEndpointVariable, Collector));
        var clients = host.Services.GetRequiredService<IHttpClientFactory>();
        foreach (var name in ServiceDefaultsExtensions.OtlpExporterHttpClients)
        {
            using var response = await clients.CreateClient(name).PostAsync($"{Collector}/v1/traces", new ByteArrayContent([]));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        Assert.Equal(ServiceDefaultsExtensions.OtlpExporterHttpClients.Count, collector.Paths.Count);
    }

    [Fact]
    public void With_only_the_metrics_endpoint_metrics_alone_are_exported_there()
    {
        var collector = new StubCollector(HttpStatusCode.OK);
        using var host = HostExportingTo(collector,
            (ServiceDefaultsExtensions.OtlpMetricsEndpointVariable, $"{Collector}/sidecar/metrics"),
            (ServiceDefaultsExtensions.OtlpMetricsProtocolVariable, "http/protobuf"));
        var meters = host.Services.GetRequiredService<MeterProvider>();
        using var meter = new Meter(ServiceDefaultsExtensions.TelemetrySourceName);
        meter.CreateCounter<long>("probe").Add(1);

        Assert.True(meters.ForceFlush(10_000));
        Assert.NotEmpty(collector.Paths);
        Assert.All(collector.Paths, path => Assert.Equal("/sidecar/metrics", path));
    }

    private static IHost HostExportingTo(StubCollector collector, params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.AddServiceDefaults();
        foreach (var name in ServiceDefaultsExtensions.OtlpExporterHttpClients)
        {
            builder.Services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(() => collector);
        }

        return builder.Build();
    }

    /// <summary>Answers every export with one status and records the paths it was sent to. 503 is a status the
    /// resilience handler retries. The exporter sends synchronously, hence both overrides.</summary>
    private sealed class StubCollector(HttpStatusCode status) : HttpMessageHandler
    {
        private readonly ConcurrentQueue<string> _paths = new();

        public IReadOnlyCollection<string> Paths => _paths;

        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _paths.Enqueue(request.RequestUri!.AbsolutePath);
            return new HttpResponseMessage(status);
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }
}
