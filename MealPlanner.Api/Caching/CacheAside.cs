using ZiggyCreatures.Caching.Fusion;

namespace MealPlanner.Api.Caching;

/// <summary>Two-level cache-aside: the serialized value in process memory (FusionCache's first level), then Redis,
/// then the source. Another replica's change evicts the memory entry through the Redis backplane. Redis is an
/// optimisation, never a dependency of a read: when it is away or slow the value comes from the source and the
/// lookup is counted as <see cref="CacheOutcome.Degraded"/> (and then nothing is kept in memory either, since no
/// invalidation could reach it).</summary>
public sealed partial class CacheAside(
    IFusionCache cache, CacheGuard guard, MemoryLevel memory, GenerationRetirement retirement, CacheMetrics metrics,
    ILogger<CacheAside> logger)
{
    /// <summary>The memory size an entry copied from Redis is charged (its bytes are not known there); an entry
    /// loaded here is charged its real length.</summary>
    public const long UnknownSize = 16 * 1024;

    /// <summary>The generation every key carries: removing it retires every entry at once, in Redis too.</summary>
    public const string GenerationKey = "cache:generation";

    private static readonly CachePolicy Generation = new(memory: TimeSpan.FromSeconds(30), redis: TimeSpan.FromDays(1));

    /// <summary>Removes wait for Redis and for the backplane's publish, so a failure is seen by the caller.</summary>
    internal static readonly FusionCacheEntryOptions RemoveOptions = new()
    {
        AllowBackgroundDistributedCacheOperations = false,
        AllowBackgroundBackplaneOperations = false,
    };

    public async Task<(byte[]? Value, CacheOutcome Outcome)> GetOrLoadAsync(
        string cacheName, string key, CachePolicy policy, Func<CancellationToken, Task<byte[]?>> load, CancellationToken ct)
    {
        if (!guard.Available || !memory.Trusted)
        {
            if (guard.TakeLogPermit())
            {
                LogServingFromSource(cacheName);
            }

            return (await load(ct), Record(cacheName, CacheOutcome.Degraded));
        }

        using var lookup = CacheLookup.Begin();
        var value = await cache.GetOrSetAsync<byte[]?>(
            key,
            async (context, token) =>
            {
                lookup.Loaded = true;
                var loaded = await load(token);
                KeepOnlyIfShareable(context, lookup, loaded);
                return loaded;
            },
            default,
            policy.Options,
            null,
            ct);

        var outcome = lookup.RedisFailed ? CacheOutcome.Degraded
            : lookup.Loaded ? CacheOutcome.Miss
            : lookup.FoundInRedis ? CacheOutcome.RedisHit
            : CacheOutcome.Hit;
        return (value, Record(cacheName, outcome));
    }

    /// <summary>The current generation, created on first use; null when the cache cannot be used (Redis away, or
    /// back but not yet trusted), and then the caller's lookup reads from the source anyway.</summary>
    public async Task<string?> GenerationAsync(CancellationToken ct)
    {
        if (!guard.Available || !memory.Trusted)
        {
            return null;
        }

        using var lookup = CacheLookup.Begin();
        var value = await cache.GetOrSetAsync<string?>(
            GenerationKey,
            (context, _) =>
            {
                var created = Guid.NewGuid().ToString("N");
                KeepOnlyIfShareable(context, lookup, created);
                return Task.FromResult<string?>(created);
            },
            default,
            Generation.Options,
            null,
            ct);
        return lookup.RedisFailed ? null : value;
    }

    /// <summary>After the source changed: every entry, here, in Redis and on every other replica, is retired by
    /// removing the generation (the next lookup creates a new one), before this returns. A Redis failure is logged
    /// and the removal replayed by FusionCache's auto-recovery once Redis is back.</summary>
    public Task RetireAllAsync(CancellationToken ct) => retirement.RetireAsync(ct);

    /// <summary>Nothing is cached for a missing value (an unknown id must not fill memory), nor when Redis failed
    /// during the lookup: that entry could not be evicted by another replica's change.</summary>
    private static void KeepOnlyIfShareable<T>(FusionCacheFactoryExecutionContext<T> context, CacheLookup lookup, object? value)
    {
        if (value is null || lookup.RedisFailed)
        {
            context.Options.SkipMemoryCacheWrite = true;
            context.Options.SkipDistributedCacheWrite = true;
            context.Options.SkipBackplaneNotifications = true;
        }
        else if (value is byte[] bytes)
        {
            context.Options.Size = bytes.Length;
        }
    }

    private CacheOutcome Record(string cacheName, CacheOutcome outcome)
    {
        metrics.Record(cacheName, outcome);
        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable: serving {Cache} from PostgreSQL (degraded)")]
    private partial void LogServingFromSource(string cache);
}
