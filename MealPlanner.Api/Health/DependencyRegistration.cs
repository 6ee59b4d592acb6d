using MealPlanner.Api.Caching;
using MealPlanner.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace MealPlanner.Api.Health;

/// <summary>Wires the API to PostgreSQL and Redis, with readiness checks named after the resources they probe,
/// so a 503 from <c>/health</c> says which dependency is down.</summary>
public static class DependencyRegistration
{
    public const string PostgresCheck = "postgres";
    public const string CacheCheck = "cache";

    public static IHostApplicationBuilder AddMealPlannerData(this IHostApplicationBuilder builder)
    {
        builder.AddNpgsqlDbContext<MealPlannerDbContext>(
            "mealplanner",
            settings =>
            {
                settings.DisableHealthChecks = true;
                // Fail fast while PostgreSQL is away: the client retries (the 503 says so), not the request, whose
                // retries with back-off would hold it for half a minute. A query that waits in the pooler for a
                // server that is restarting gives up after the command timeout.
                settings.DisableRetry = true;
                settings.CommandTimeout = (int)DatabaseUnavailable.CommandTimeout.TotalSeconds;
                if (settings.ConnectionString is { } connectionString)
                {
                    settings.ConnectionString = DatabaseUnavailable.FailFast(connectionString);
                }
            },
            options => MealPlannerDbContextOptions.Configure(options));
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<MealPlannerDbContext>(PostgresCheck, HealthStatus.Unhealthy);
        builder.Services.AddExceptionHandler<DatabaseUnavailable>();
        return builder;
    }

    public static IHostApplicationBuilder AddMealPlannerCache(this IHostApplicationBuilder builder)
    {
        builder.AddRedisConnection("cache");
        builder.Services.AddHealthChecks()
            .Add(new HealthCheckRegistration(
                CacheCheck,
                sp => new RedisPingCheck(sp.GetRequiredService<RedisConnection>()),
                HealthStatus.Unhealthy,
                tags: null,
                timeout: null)); // the service defaults bound it
        return builder;
    }
}

/// <summary>Ready when Redis answers a PING.</summary>
internal sealed class RedisPingCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var multiplexer = await redis.GetAsync().WaitAsync(cancellationToken);
            var latency = await multiplexer.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer PING.", ex);
        }
    }
}
