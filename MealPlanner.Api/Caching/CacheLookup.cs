namespace MealPlanner.Api.Caching;

/// <summary>What happened to Redis during one lookup, so the lookup can be labelled: FusionCache answers with the
/// value only, while <see cref="GuardedDistributedCache"/> sees whether Redis answered, had the entry, or failed.
/// Carried in an async local, which flows into the cache's calls and back out through this shared object.</summary>
public sealed class CacheLookup : IDisposable
{
    private static readonly AsyncLocal<CacheLookup?> CurrentLookup = new();
    private readonly CacheLookup? _outer;

    private CacheLookup()
    {
        _outer = CurrentLookup.Value;
        CurrentLookup.Value = this;
    }

    public static CacheLookup? Current => CurrentLookup.Value;

    /// <summary>Redis had the entry (a second-level hit).</summary>
    public bool FoundInRedis { get; set; }

    /// <summary>A Redis command failed or was skipped by the guard.</summary>
    public bool RedisFailed { get; set; }

    /// <summary>The value came from the source.</summary>
    public bool Loaded { get; set; }

    public static CacheLookup Begin() => new();

    public void Dispose() => CurrentLookup.Value = _outer;
}
