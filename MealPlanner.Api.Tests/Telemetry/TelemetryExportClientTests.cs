using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MealPlanner.Api.Tests.Telemetry;

/// <summary>
/// The OTLP exporter's HTTP clients send an export once and leave retrying to the exporter. Through the standard
/// resilience handler every other client gets, a collector that failed held a process's exit for its retries: the
/// migration worker took 17.6 s to exit with the dashboard away, and the API waits for that exit.
/// </summary>
public sealed class TelemetryExportClientTests
{
    private const string Collector = "http://127.0.0.1:4318";

    [Fact]
    public async Task Each_exporter_client_sends_a_failed_export_once()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector;
        builder.AddServiceDefaults();
        var collector = new FailingCollector();
        foreach (var name in ServiceDefaultsExtensions.OtlpExporterHttpClients)
        {
            builder.Services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(() => collector);
        }

        using var host = builder.Build();
        var clients = host.Services.GetRequiredService<IHttpClientFactory>();
        foreach (var name in ServiceDefaultsExtensions.OtlpExporterHttpClients)
        {
            using var response = await clients.CreateClient(name).PostAsync($"{Collector}/v1/traces", new ByteArrayContent([]));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        Assert.Equal(ServiceDefaultsExtensions.OtlpExporterHttpClients.Count, collector.Requests);
    }

    /// <summary>A collector that is there but failing: 503 is a status the resilience handler retries.</summary>
    private sealed class FailingCollector : HttpMessageHandler
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        }
    }
}
