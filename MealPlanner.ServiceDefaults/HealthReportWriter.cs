using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>Writes a health report as JSON: the status always, the failing dependencies' names always
/// (so a 503 says what is down), and per-check detail only when asked to.</summary>
public static class HealthReportWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Task WriteSummary(HttpContext context, HealthReport report) => Write(context, report, detailed: false);

    public static Task WriteDetailed(HttpContext context, HealthReport report) => Write(context, report, detailed: true);

    private static Task Write(HttpContext context, HealthReport report, bool detailed)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var failed = report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => e.Key).ToArray();
        object body = detailed
            ? new
            {
                status = report.Status.ToString(),
                failed,
                totalDurationMs = report.TotalDuration.TotalMilliseconds,
                checks = report.Entries.ToDictionary(
                    e => e.Key,
                    e => new
                    {
                        status = e.Value.Status.ToString(),
                        durationMs = e.Value.Duration.TotalMilliseconds,
                        description = e.Value.Description,
                        error = e.Value.Exception?.Message,
                    }),
            }
            : new { status = report.Status.ToString(), failed };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
