namespace MealPlanner.Api.Caching;

/// <summary>Decides whether to try Redis at all. While the multiplexer is disconnected, a command would wait in its
/// backlog for the full timeout (seconds) before failing: the guard skips the cache at once instead, and after a
/// failure it stays open for a short cool-down (<see cref="FailureCoolDown"/>).
/// The multiplexer reconnects by itself; the next request after that uses the cache again.</summary>
public sealed class CacheGuard(RedisConnection redis, TimeProvider time)
{
    private readonly FailureCoolDown _coolDown = new(time);

    /// <summary>Upper bound for one cache command; a slow cache must not be slower than the database it fronts.</summary>
    public static TimeSpan CommandTimeout { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>False until the first connect attempt has ended, too: a read never waits for Redis to come up.</summary>
    public bool Available => redis.TryGet(out var multiplexer) && multiplexer.IsConnected && !_coolDown.Active;

    /// <summary>Known to be away: the first connect attempt failed and no reconnect has succeeded yet, or a command
    /// failed within the cool-down. A caller that may wait for Redis to come up (a session) skips only then.</summary>
    public bool KnownDown => redis.TryGet(out var multiplexer) && !multiplexer.IsConnected || _coolDown.Active;

    /// <summary>True at most once per interval, so an outage under load logs a warning, not a flood.</summary>
    public bool TakeLogPermit() => _coolDown.TakeLogPermit();

    public void ReportFailure() => _coolDown.Start();
}
