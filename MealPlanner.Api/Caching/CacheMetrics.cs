using System.Diagnostics.Metrics;

namespace MealPlanner.Api.Caching;

/// <summary>What the cache did for each lookup, as <c>mealplanner.cache.lookups{cache, result=hit|miss|degraded|bypass}</c>:
/// the hit rate of the spec's dashboard, a count of the reads that went to PostgreSQL because Redis was away, and of
/// those that skipped the cache on request. A hit also says which level answered, <c>level=memory|redis</c>, so the
/// hit rate stays one figure while the share of Redis round trips stays visible.</summary>
public sealed class CacheMetrics
{
    private readonly Counter<long> _lookups;

    public CacheMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ServiceDefaultsExtensions.TelemetrySourceName);
        _lookups = meter.CreateCounter<long>("mealplanner.cache.lookups", "{lookup}", "Cache-aside lookups by outcome.");
    }

    public void Record(string cache, CacheOutcome outcome)
    {
        if (outcome.Level() is { } level)
        {
            _lookups.Add(1, new("cache", cache), new("result", outcome.Name()), new("level", level));
        }
        else
        {
            _lookups.Add(1, new KeyValuePair<string, object?>("cache", cache), new KeyValuePair<string, object?>("result", outcome.Name()));
        }
    }
}

public enum CacheOutcome
{
    /// <summary>Answered from process memory.</summary>
    Hit,
    Miss,
    Degraded,

    /// <summary>The caller asked for the source (Development diagnostics only).</summary>
    Bypass,

    /// <summary>Answered from Redis (then kept in memory).</summary>
    RedisHit,
}

public static class CacheOutcomeNames
{
    public static string Name(this CacheOutcome outcome) => outcome switch
    {
        CacheOutcome.Hit or CacheOutcome.RedisHit => "hit",
        CacheOutcome.Miss => "miss",
        CacheOutcome.Bypass => "bypass",
        _ => "degraded",
    };

    /// <summary>The level that answered a hit; null for every other outcome.</summary>
    public static string? Level(this CacheOutcome outcome) => outcome switch
    {
        CacheOutcome.Hit => "memory",
        CacheOutcome.RedisHit => "redis",
        _ => null,
    };
}
