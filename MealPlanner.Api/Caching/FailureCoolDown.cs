namespace MealPlanner.Api.Caching;

/// <summary>The timing half of <see cref="CacheGuard"/>: after a failed Redis command the cache is skipped for a short
/// cool-down, so a flapping Redis costs one timeout, not one per request; and an outage logs a warning at most once
/// per interval instead of once per request.</summary>
public sealed class FailureCoolDown(TimeProvider time)
{
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);
    private long _skipUntilTicks;
    private long _nextLogTicks;

    public bool Active => time.GetUtcNow().UtcTicks < Interlocked.Read(ref _skipUntilTicks);

    public void Start() => Interlocked.Exchange(ref _skipUntilTicks, (time.GetUtcNow() + Duration).UtcTicks);

    /// <summary>True at most once per <see cref="LogInterval"/>, also under concurrent callers.</summary>
    public bool TakeLogPermit()
    {
        var now = time.GetUtcNow();
        var next = Interlocked.Read(ref _nextLogTicks);
        return now.UtcTicks >= next && Interlocked.CompareExchange(ref _nextLogTicks, (now + LogInterval).UtcTicks, next) == next;
    }
}
