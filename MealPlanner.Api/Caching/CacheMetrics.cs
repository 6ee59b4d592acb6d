using System.Diagnostics.Metrics;

namespace MealPlanner.Api.Caching;

/// <summary>What the cache did for each lookup, as <c>mealplanner.cache.lookups{cache, result=hit|miss|degraded|bypass}</c>:
/// the hit rate of the spec's dashboard, a count of the reads that went to PostgreSQL because Redis was away, and of
/// those that skipped the cache on request.</summary>
public sealed class CacheMetrics
{
    private readonly Counter<long> _lookups;

    public CacheMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ServiceDefaultsExtensions.TelemetrySourceName);
        _lookups = meter.CreateCounter<long>("mealplanner.cache.lookups", "{lookup}", "Cache-aside lookups by outcome.");
    }

    public void Record(string cache, CacheOutcome outcome) =>
        _lookups.Add(1, new KeyValuePair<string, object?>("cache", cache), new KeyValuePair<string, object?>("result", outcome.Name()));
}

public enum CacheOutcome
{
    Hit,
    Miss,
    Degraded,

    /// <summary>The caller asked for the source (Development diagnostics only).</summary>
    Bypass,
}

public static class CacheOutcomeNames
{
    public static string Name(this CacheOutcome outcome) => outcome switch
    {
        CacheOutcome.Hit => "hit",
        CacheOutcome.Miss => "miss",
        CacheOutcome.Bypass => "bypass",
        _ => "degraded",
    };
}
