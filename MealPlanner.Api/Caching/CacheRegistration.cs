using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MealPlanner.Api.Caching;

/// <summary>One Redis connection for everything: the <c>IDistributedCache</c> behind the recipe cache and the
/// session store reuse the one <see cref="RedisConnection"/>.</summary>
public static class CacheRegistration
{
    /// <summary>Prefix of every key the API writes, so the cache can be inspected and flushed by owner.</summary>
    public const string KeyPrefix = "mealplanner:";

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
        builder.Services.AddSingleton<CacheAside>();
        return builder;
    }
}
