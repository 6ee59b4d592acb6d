using StackExchange.Redis;

namespace MealPlanner.Api.Caching;

/// <summary>The one Redis connection, opened in the background: nothing waits for Redis to start serving. A
/// synchronous connect at start-up held the API for seconds when Redis was away (and all of them when it was
/// black-holed); here the first connect runs as a task, and the multiplexer keeps reconnecting by itself after it.
/// Callers that must not wait ask <see cref="TryGet"/>; the rest await <see cref="GetAsync"/>, which takes at most
/// the connect timeout once.</summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _connecting;

    public RedisConnection(ConfigurationOptions options, ILogger<RedisConnection> logger)
    {
        RedisClientOptions.Apply(options);
        // On the thread pool: the client does part of its first connect synchronously, which must not hold the
        // host's start.
        _connecting = new(() => Task.Run(() => ConnectAsync(options, logger)));
    }

    /// <summary>Starts connecting, if nothing asked yet.</summary>
    public void Start() => _ = _connecting.Value;

    public Task<IConnectionMultiplexer> GetAsync() => _connecting.Value;

    /// <summary>The multiplexer once the first connect attempt has ended (connected or not); never blocks.</summary>
    public bool TryGet(out IConnectionMultiplexer multiplexer)
    {
        var connecting = _connecting.Value;
        multiplexer = connecting.IsCompletedSuccessfully ? connecting.Result : null!;
        return connecting.IsCompletedSuccessfully;
    }

    /// <summary>For synchronous callers (the Data Protection key ring, read once while the host starts): waits for
    /// the first attempt at most <paramref name="patience"/>, so a black-holed Redis cannot hold the start for the
    /// whole connect timeout.</summary>
    public IConnectionMultiplexer Get(TimeSpan patience) =>
        _connecting.Value.Wait(patience)
            ? _connecting.Value.Result
            : throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is still connecting.");

    public async ValueTask DisposeAsync()
    {
        if (_connecting.IsValueCreated && _connecting.Value.IsCompletedSuccessfully)
        {
            await _connecting.Value.Result.DisposeAsync();
        }
    }

    private static async Task<IConnectionMultiplexer> ConnectAsync(ConfigurationOptions options, ILogger logger)
    {
        // Without abortConnect=false a failed first attempt throws and no multiplexer exists to reconnect later.
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        if (!multiplexer.IsConnected)
        {
            RedisConnectionLog.NotConnectedYet(logger);
        }

        return multiplexer;
    }
}

internal static partial class RedisConnectionLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis does not answer yet; the API serves without it and keeps reconnecting")]
    public static partial void NotConnectedYet(ILogger logger);
}

/// <summary>Client settings that bound every wait on Redis below the API's own answer times: a session read has to
/// answer (503) within 2.5 s, so no single Redis step may take the client's defaults of 5 s each.</summary>
public static class RedisClientOptions
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(1);

    public static ConfigurationOptions Apply(ConfigurationOptions options)
    {
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = (int)ConnectTimeout.TotalMilliseconds;
        options.ConnectRetry = 1;
        options.SyncTimeout = (int)CommandTimeout.TotalMilliseconds;
        options.AsyncTimeout = (int)CommandTimeout.TotalMilliseconds;
        // While disconnected, fail a command at once instead of queueing it until its timeout: callers fall back
        // (the recipe cache reads PostgreSQL, a session answers 503) rather than wait.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }
}
