using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace MealPlanner.Api.Caching;

/// <summary>The in-process first level, and when to trust it. Another replica's change reaches this level only through
/// the backplane (Redis pub/sub): while any connection to Redis is down, a notification may be missed, so the level is
/// not trusted (reads go to Redis) and it is emptied when the connection fails and again when it is restored. Entries
/// are sized by their bytes, so the level cannot grow past <see cref="SizeLimitBytes"/> whatever queries clients send.</summary>
public sealed partial class MemoryLevel : IDisposable
{
    public const long SizeLimitBytes = 64 * 1024 * 1024;
    private readonly ConcurrentDictionary<string, byte> _down = new();
    private readonly ILogger<MemoryLevel> _logger;

    public MemoryLevel(ILogger<MemoryLevel> logger)
    {
        _logger = logger;
        Cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });
    }

    public MemoryCache Cache { get; }

    /// <summary>False while a connection to Redis is down: a change on another replica may not have reached us.</summary>
    public bool Trusted => _down.IsEmpty;

    /// <summary>Follows the connection's failures and restores (the multiplexer raises both for each connection).</summary>
    public void Watch(IConnectionMultiplexer multiplexer)
    {
        multiplexer.ConnectionFailed += (_, e) =>
        {
            _down[Name(e)] = 0;
            Cache.Clear();
            LogCleared(Name(e), "failed");
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            // Emptied before it is trusted again: whatever it holds may have missed a notification meanwhile.
            Cache.Clear();
            _down.TryRemove(Name(e), out byte _);
            LogCleared(Name(e), "restored");
        };
    }

    public void Dispose() => Cache.Dispose();

    private static string Name(ConnectionFailedEventArgs e) => $"{e.EndPoint} {e.ConnectionType}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection {Connection} {Change}: the in-process cache was emptied")]
    private partial void LogCleared(string connection, string change);
}

/// <summary>Hooks <see cref="MemoryLevel"/> to the connection once it exists, without making the start wait for it.</summary>
internal sealed class MemoryLevelWatcher(RedisConnection redis, MemoryLevel memory) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken) =>
        memory.Watch(await redis.GetAsync().WaitAsync(stoppingToken));
}
