using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;

namespace MealPlanner.Api.Caching;

/// <summary>Cache-aside over Redis: read the key, else load from the source and store it with a TTL. Redis is an
/// optimisation, never a dependency of a read: when it is away or slow the value comes from the source, the
/// lookup is counted as <see cref="CacheOutcome.Degraded"/> and a warning is logged (at most every few seconds).</summary>
public sealed partial class CacheAside(IDistributedCache cache, CacheGuard guard, CacheMetrics metrics, ILogger<CacheAside> logger)
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;

    public async Task<(T? Value, CacheOutcome Outcome)> GetOrLoadAsync<T>(
        string cacheName, string key, TimeSpan ttl, Func<CancellationToken, Task<T?>> load, CancellationToken ct)
        where T : class
    {
        if (!guard.Available)
        {
            LogDegraded(cacheName, null);
            return (await load(ct), Record(cacheName, CacheOutcome.Degraded));
        }

        byte[]? cached;
        try
        {
            cached = await cache.GetAsync(key, ct).WaitAsync(CacheGuard.CommandTimeout, ct);
        }
        catch (Exception ex) when (IsCacheFailure(ex, ct))
        {
            guard.ReportFailure();
            LogDegraded(cacheName, ex);
            return (await load(ct), Record(cacheName, CacheOutcome.Degraded));
        }

        if (cached is not null)
        {
            return (JsonSerializer.Deserialize<T>(cached, Json), Record(cacheName, CacheOutcome.Hit));
        }

        var value = await load(ct);
        if (value is not null)
        {
            await TrySetAsync(key, JsonSerializer.SerializeToUtf8Bytes(value, Json), ttl, ct);
        }

        return (value, Record(cacheName, CacheOutcome.Miss));
    }

    /// <summary>Reads a small string (a key generation); null when absent or when Redis is unavailable.</summary>
    public async Task<string?> TryGetStringAsync(string key, CancellationToken ct)
    {
        if (!guard.Available)
        {
            return null;
        }

        try
        {
            return await cache.GetStringAsync(key, ct).WaitAsync(CacheGuard.CommandTimeout, ct);
        }
        catch (Exception ex) when (IsCacheFailure(ex, ct))
        {
            guard.ReportFailure();
            return null;
        }
    }

    public async Task TrySetAsync(string key, byte[] value, TimeSpan ttl, CancellationToken ct)
    {
        try
        {
            await cache.SetAsync(key, value, new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = ttl }, ct)
                .WaitAsync(CacheGuard.CommandTimeout, ct);
        }
        catch (Exception ex) when (IsCacheFailure(ex, ct))
        {
            guard.ReportFailure();
            LogWriteFailed(key, ex);
        }
    }

    /// <summary>Drops a key after the source changed. A failure is logged: the entry then lives until its TTL.</summary>
    public async Task TryRemoveAsync(string key, CancellationToken ct)
    {
        try
        {
            await cache.RemoveAsync(key, ct).WaitAsync(CacheGuard.CommandTimeout, ct);
        }
        catch (Exception ex) when (IsCacheFailure(ex, ct))
        {
            guard.ReportFailure();
            LogWriteFailed(key, ex);
        }
    }

    private CacheOutcome Record(string cacheName, CacheOutcome outcome)
    {
        metrics.Record(cacheName, outcome);
        return outcome;
    }

    private void LogDegraded(string cacheName, Exception? ex)
    {
        if (guard.TakeLogPermit())
        {
            LogServingFromSource(cacheName, ex);
        }
    }

    /// <summary>Redis errors and our own timeout; a cancelled request is not a cache failure.</summary>
    private static bool IsCacheFailure(Exception ex, CancellationToken ct) =>
        !ct.IsCancellationRequested && ex is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable: serving {Cache} from PostgreSQL (degraded)")]
    private partial void LogServingFromSource(string cache, Exception? ex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write cache key {Key}; it expires by its TTL")]
    private partial void LogWriteFailed(string key, Exception ex);
}
