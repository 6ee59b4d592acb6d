using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace MealPlanner.Api.Hardening;

/// <summary>Settings under <c>RateLimiting</c>: how many requests one client may make per window, per API task.</summary>
public sealed class RateLimitSettings
{
    public int PermitLimit { get; set; } = 200;
    public int WindowSeconds { get; set; } = 10;
}

/// <summary>A fixed window per client address (the real one, once forwarded headers are applied). Each task counts on
/// its own: a fleet-wide limit belongs in front of the load balancer (WAF), this one keeps one client from starving a
/// task. Health probes are never limited: the load balancer must always get through.</summary>
internal static class ClientRateLimiting
{
    public static IHostApplicationBuilder AddClientRateLimiting(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection("RateLimiting").Get<RateLimitSettings>() ?? new RateLimitSettings();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsProbe(context.Request.Path)
                    ? RateLimitPartition.GetNoLimiter("probes")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = settings.PermitLimit,
                            Window = TimeSpan.FromSeconds(settings.WindowSeconds),
                            QueueLimit = 0,
                        }));
            options.OnRejected = WriteRejectionAsync;
        });
        return builder;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments(ServiceDefaultsExtensions.HealthPath) || path.StartsWithSegments(ServiceDefaultsExtensions.AlivePath);

    private static async ValueTask WriteRejectionAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await TypedResults.Problem(
            title: "Too many requests",
            detail: $"Try again in {seconds} s.",
            statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(rejected.HttpContext);
    }
}
