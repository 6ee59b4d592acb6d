namespace MealPlanner.Api.Caching;

/// <summary>Development-only cache diagnostics on the wire: <c>X-Cache: hit|miss|degraded|bypass</c> on responses (with
/// <c>X-Cache-Level: memory|redis</c> on a hit), and
/// <c>Cache-Control: no-cache</c> on a request reads from the source (the uncached benchmark uses it). Production
/// reports through the metric instead, and ignores the request header so no client can push load onto PostgreSQL.</summary>
public static class CacheHeader
{
    public const string Name = "X-Cache";
    public const string LevelName = "X-Cache-Level";

    public static bool WantsBypass(HttpContext context) =>
        context.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment() &&
        context.Request.Headers.CacheControl.ToString().Contains("no-cache", StringComparison.OrdinalIgnoreCase);

    /// <summary>Counts a read that skipped the cache on request, like every other lookup, and names its outcome.</summary>
    public static CacheOutcome Bypassed(HttpContext context, string cacheName)
    {
        context.RequestServices.GetRequiredService<CacheMetrics>().Record(cacheName, CacheOutcome.Bypass);
        return CacheOutcome.Bypass;
    }

    public static void Write(HttpContext context, CacheOutcome outcome)
    {
        if (context.RequestServices.GetRequiredService<IHostEnvironment>().IsDevelopment())
        {
            context.Response.Headers[Name] = outcome.Name();
            if (outcome.Level() is { } level)
            {
                context.Response.Headers[LevelName] = level;
            }
        }
    }
}
