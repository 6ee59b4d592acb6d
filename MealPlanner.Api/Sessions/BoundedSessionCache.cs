using MealPlanner.Api.Caching;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace MealPlanner.Api.Sessions;

/// <summary>The session store's view of Redis, with every call bounded. The session middleware's own I/O timeout
/// does not bound a Redis call (the client ignores the cancellation token), and after a failed load the middleware
/// still refreshes the entry: two client timeouts per request. Here a call fails at once while the guard has Redis
/// marked away, and otherwise after <see cref="IoTimeout"/>, and a failure marks it away for the next call.</summary>
public sealed class BoundedSessionCache(IDistributedCache inner, CacheGuard guard) : IDistributedCache
{
    /// <summary>One session round trip; a session request answers 503 within 2.5 s while Redis is away.</summary>
    public static readonly TimeSpan IoTimeout = TimeSpan.FromMilliseconds(1500);

    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        BoundAsync(() => inner.GetAsync(key, token), token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) =>
        SetAsync(key, value, options).GetAwaiter().GetResult();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        BoundAsync(async () => { await inner.SetAsync(key, value, options, token); return true; }, token);

    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        BoundAsync(async () => { await inner.RefreshAsync(key, token); return true; }, token);

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        BoundAsync(async () => { await inner.RemoveAsync(key, token); return true; }, token);

    private async Task<T> BoundAsync<T>(Func<Task<T>> call, CancellationToken token)
    {
        if (guard.KnownDown)
        {
            throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis is unavailable; the session store does not wait for it.");
        }

        try
        {
            return await call().WaitAsync(IoTimeout, token);
        }
        catch (Exception ex) when (!token.IsCancellationRequested && ex is RedisException or TimeoutException)
        {
            guard.ReportFailure();
            throw;
        }
        catch (Exception ex) when (!token.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // The client tearing down a connection that stopped answering can surface its own internal errors
            // (a pipe read after completion): still the store failing, not the request.
            guard.ReportFailure();
            throw new RedisConnectionException(ConnectionFailureType.InternalFailure, "The session store failed.", ex);
        }
    }
}
