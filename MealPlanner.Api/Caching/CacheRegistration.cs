using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ZiggyCreatures.Caching.Fusion;
using ZiggyCreatures.Caching.Fusion.Backplane.StackExchangeRedis;
using ZiggyCreatures.Caching.Fusion.Serialization.SystemTextJson;

namespace MealPlanner.Api.Caching;

/// <summary>One Redis connection for everything: the <c>IDistributedCache</c> behind the session store, and the recipe
/// cache's second level and backplane (FusionCache over the same <c>IDistributedCache</c>, publishing on the same
/// multiplexer), all reuse the one <see cref="RedisConnection"/>, which connects in the background.</summary>
public static class CacheRegistration
{
    /// <summary>Prefix of every key the API writes, so the cache can be inspected and flushed by owner.</summary>
    public const string KeyPrefix = "mealplanner:";

    /// <summary>The pub/sub channel on which replicas announce changed entries.</summary>
    public const string BackplaneChannelPrefix = KeyPrefix + "cache";

    public static IHostApplicationBuilder AddDistributedRedisCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddStackExchangeRedisCache(_ => { });
        builder.Services.AddOptions<RedisCacheOptions>().Configure<RedisConnection>((options, connection) =>
        {
            options.InstanceName = KeyPrefix;
            options.ConnectionMultiplexerFactory = connection.GetAsync;
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CacheMetrics>();
        builder.Services.AddSingleton<CacheGuard>();
        builder.Services.AddSingleton<MemoryLevel>();
        builder.Services.AddSingleton<GenerationRetirement>();
        builder.Services.AddHostedService<MemoryLevelWatcher>();
        builder.Services.AddSingleton<CacheAside>();

        // FusionCache logs every call at Information: a line per cached read would cost more than the read.
        builder.Logging.AddFilter("ZiggyCreatures.Caching.Fusion", LogLevel.Warning);
        builder.Services.AddFusionCache()
            .WithOptions(options =>
            {
                options.BackplaneChannelPrefix = BackplaneChannelPrefix;
                // Keys carry our own schema version; an entry FusionCache cannot read is a miss, never an error.
                options.DistributedCacheKeyModifierMode = CacheKeyModifierMode.None;
                // Listing pages are retired by a key generation, not by tags: tags would cost a lookup per read.
                options.DisableTagging = true;
                // GuardedDistributedCache logs Redis failures, at most every few seconds.
                options.DistributedCacheErrorsLogLevel = LogLevel.Debug;
            })
            .WithDefaultEntryOptions(options => options.ReThrowSerializationExceptions = false)
            .WithMemoryCache(sp => sp.GetRequiredService<MemoryLevel>().Cache)
            // Fields too: FusionCache's entry metadata holds value tuples.
            .WithSerializer(new FusionCacheSystemTextJsonSerializer(new JsonSerializerOptions { IncludeFields = true }))
            .WithDistributedCache(sp => new GuardedDistributedCache(
                sp.GetRequiredService<IDistributedCache>(), sp.GetRequiredService<CacheGuard>(),
                sp.GetRequiredService<ILogger<GuardedDistributedCache>>()))
            .WithBackplane(sp => new RedisBackplane(
                new RedisBackplaneOptions { ConnectionMultiplexerFactory = sp.GetRequiredService<RedisConnection>().GetAsync },
                sp.GetRequiredService<ILogger<RedisBackplane>>()));
        return builder;
    }
}
