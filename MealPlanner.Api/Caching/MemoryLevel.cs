using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using StackExchange.Redis;

namespace MealPlanner.Api.Caching;

/// <summary>The in-process first level, and when to trust the cache at all. Another replica's change reaches this
/// process only through the backplane (Redis pub/sub), and a change made while Redis was away could not even remove
/// its Redis entry. So while any connection to Redis is down the cache is not trusted (reads go to the source), the
/// memory is emptied when a connection fails and again when it is restored, and before the cache is trusted again
/// the shared generation is retired (<see cref="GenerationRetirement"/>): every entry written before, in Redis
/// too, becomes unreachable. Nor is it trusted before this replica hears other replicas' retirements. Entries are
/// sized by their bytes, so memory cannot grow past <see cref="SizeLimitBytes"/> whatever queries clients send.</summary>
public sealed partial class MemoryLevel : IDisposable
{
    public const long SizeLimitBytes = 64 * 1024 * 1024;
    private static readonly TimeSpan RetireRetry = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, byte> _down = new();
    private readonly ILogger<MemoryLevel> _logger;
    private volatile bool _retiring;
    private volatile bool _listening;

    public MemoryLevel(ILogger<MemoryLevel> logger)
    {
        _logger = logger;
        Cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = SizeLimitBytes });
    }

    public MemoryCache Cache { get; }

    /// <summary>False until this replica hears retirements, while a connection to Redis is down, and until the
    /// generation is retired after it came back.</summary>
    public bool Trusted => _listening && _down.IsEmpty && !_retiring;

    /// <summary>Follows the connection's failures and restores (the multiplexer raises both for each connection),
    /// then subscribes to retirements, retrying while Redis is away.</summary>
    public async Task WatchAsync(IConnectionMultiplexer multiplexer, GenerationRetirement retirement, CancellationToken stopping)
    {
        multiplexer.ConnectionFailed += (_, e) =>
        {
            _retiring = true;
            _down[Name(e)] = 0;
            Cache.Clear();
            LogChanged(Name(e), "failed");
        };
        multiplexer.ConnectionRestored += (_, e) =>
        {
            // Emptied before it is trusted again: whatever it holds may have missed a notification meanwhile.
            Cache.Clear();
            _down.TryRemove(Name(e), out byte _);
            LogChanged(Name(e), "restored");
            if (_down.IsEmpty)
            {
                _ = RetireGenerationAsync(retirement, stopping);
            }
        };

        while (!stopping.IsCancellationRequested && !_listening)
        {
            try
            {
                await retirement.ListenAsync(multiplexer);
                _listening = true;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                await retirement.StopListeningAsync(multiplexer);
                await PauseAsync(stopping);
            }
        }
    }

    public void Dispose() => Cache.Dispose();

    private async Task RetireGenerationAsync(GenerationRetirement retirement, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested && _down.IsEmpty)
        {
            try
            {
                if (await retirement.RetireAsync(stopping))
                {
                    Cache.Clear();
                    _retiring = false;
                    LogRetired();
                    return;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }

            await PauseAsync(stopping);
        }
    }

    /// <summary>The pause before a retry; a stop ends it early without throwing (the loops check the token).</summary>
    private static Task PauseAsync(CancellationToken stopping) =>
        Task.Delay(RetireRetry, stopping).ContinueWith(_ => { }, TaskScheduler.Default);

    private static string Name(ConnectionFailedEventArgs e) => $"{e.EndPoint} {e.ConnectionType}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection {Connection} {Change}: the in-process cache was emptied")]
    private partial void LogChanged(string connection, string change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis is back: the cache generation was retired, cached reads resume")]
    private partial void LogRetired();
}

/// <summary>Hooks <see cref="MemoryLevel"/> to the connection once it exists, without making the start wait for it.</summary>
internal sealed class MemoryLevelWatcher(RedisConnection redis, MemoryLevel memory, GenerationRetirement retirement)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken) =>
        await memory.WatchAsync(await redis.GetAsync().WaitAsync(stoppingToken), retirement, stoppingToken);
}
