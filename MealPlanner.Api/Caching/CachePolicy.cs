using ZiggyCreatures.Caching.Fusion;

namespace MealPlanner.Api.Caching;

/// <summary>How long an entry lives in each level. Redis holds it for <paramref name="redis"/>; the process keeps it
/// at most <paramref name="memory"/>, which bounds how long a change that could not be announced (the writer lost
/// Redis mid-change) can go unseen, at the price of one Redis read per entry and replica per period.</summary>
public sealed class CachePolicy(TimeSpan memory, TimeSpan redis)
{
    /// <summary>Both levels.</summary>
    internal FusionCacheEntryOptions Options { get; } = new()
    {
        Duration = redis,
        MemoryCacheDuration = memory,
        Size = CacheAside.UnknownSize,
    };
}
