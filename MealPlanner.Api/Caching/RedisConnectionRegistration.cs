using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MealPlanner.Api.Caching;

/// <summary>Aspire's Redis client integration (configuration binding, tracing) without its synchronous connect at
/// start-up: the multiplexer comes from <see cref="RedisConnection"/>, which connects in the background.</summary>
public static class RedisConnectionRegistration
{
    public static IHostApplicationBuilder AddRedisConnection(this IHostApplicationBuilder builder, string connectionName)
    {
        builder.AddRedisClient(
            connectionName,
            settings =>
            {
                settings.DisableHealthChecks = true;
                settings.DisableAutoActivation = true;
                // Its instrumentation asks for the multiplexer on a request path and would wait for a connect that
                // hangs (a black-holed Redis held the first recipe read for seconds).
                settings.DisableTracing = true;
            });

        builder.Services.AddSingleton(sp => new RedisConnection(
            sp.GetRequiredService<IOptions<ConfigurationOptions>>().Value, sp.GetRequiredService<ILogger<RedisConnection>>()));
        // Whoever still asks for the multiplexer itself (tracing) gets the same connection, waiting at most the
        // connect timeout once.
        builder.Services.Replace(ServiceDescriptor.Singleton<IConnectionMultiplexer>(sp =>
            sp.GetRequiredService<RedisConnection>().Get(RedisClientOptions.ConnectTimeout)));
        builder.Services.AddHostedService<RedisConnectionStarter>();
        return builder;
    }

    /// <summary>Starts the first connect with the host, so Redis is usually ready by the first request, without
    /// making the start wait for it.</summary>
    private sealed class RedisConnectionStarter(RedisConnection connection) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            connection.Start();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
