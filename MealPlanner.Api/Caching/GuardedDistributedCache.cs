using Microsoft.Extensions.Caching.Distributed;

namespace MealPlanner.Api.Caching;

/// <summary>The Redis level as FusionCache sees it: every command skipped at once while the guard has Redis marked
/// away, bounded to <see cref="CacheGuard.CommandTimeout"/>, and a failure reported to the guard (which then skips
/// Redis for its cool-down), to the current <see cref="CacheLookup"/> (which labels the read degraded) and to the log
/// at most every few seconds. Failures are rethrown: FusionCache then treats a read as absent, and queues a failed
/// write or remove for its auto-recovery, which replays it once Redis is back.</summary>
public sealed partial class GuardedDistributedCache(IDistributedCache inner, CacheGuard guard, ILogger<GuardedDistributedCache> logger)
    : IDistributedCache
{
    public byte[]? Get(string key) => throw new NotSupportedException("The cache is used asynchronously only.");

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) =>
        throw new NotSupportedException("The cache is used asynchronously only.");

    public void Refresh(string key) => throw new NotSupportedException("The cache is used asynchronously only.");

    public void Remove(string key) => throw new NotSupportedException("The cache is used asynchronously only.");

    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var value = await GuardAsync(key, ct => inner.GetAsync(key, ct), token);
        if (value is not null && CacheLookup.Current is { } lookup)
        {
            lookup.FoundInRedis = true;
        }

        return value;
    }

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        GuardAsync(key, ct => inner.SetAsync(key, value, options, ct), token);

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        GuardAsync(key, ct => inner.RefreshAsync(key, ct), token);

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        GuardAsync(key, ct => inner.RemoveAsync(key, ct), token);

    private Task GuardAsync(string key, Func<CancellationToken, Task> command, CancellationToken ct) =>
        GuardAsync(key, async token =>
        {
            await command(token);
            return true;
        }, ct);

    private async Task<T> GuardAsync<T>(string key, Func<CancellationToken, Task<T>> command, CancellationToken ct)
    {
        if (!guard.Available)
        {
            Failed(key, null);
            throw new RedisUnavailableException();
        }

        try
        {
            return await command(ct).WaitAsync(CacheGuard.CommandTimeout, ct);
        }
        catch (Exception ex) when (IsCacheFailure(ex, ct))
        {
            guard.ReportFailure();
            Failed(key, ex);
            throw;
        }
    }

    private void Failed(string key, Exception? ex)
    {
        CacheLookup.Current?.RedisFailed = true;
        if (guard.TakeLogPermit())
        {
            LogRedisUnavailable(key, ex);
        }
    }

    /// <summary>Redis errors and our own timeout; a cancelled request is not a cache failure.</summary>
    private static bool IsCacheFailure(Exception ex, CancellationToken ct) =>
        !ct.IsCancellationRequested && ex is StackExchange.Redis.RedisException or TimeoutException or ObjectDisposedException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unavailable (key {Key}): reads come from PostgreSQL (degraded), writes are replayed once it is back")]
    private partial void LogRedisUnavailable(string key, Exception? ex);
}

/// <summary>The guard had Redis marked away, so the command was not sent.</summary>
public sealed class RedisUnavailableException() : Exception("Redis is unavailable; the command was skipped.");
