using MealPlanner.Api.Caching;
using Microsoft.Extensions.Time.Testing;

namespace MealPlanner.Api.Tests.Caching;

/// <summary>The guard's timing: after a failed Redis command the cache is skipped for the cool-down and then tried
/// again, and an outage logs at most one warning per interval, also when many requests ask at once.</summary>
public class FailureCoolDownTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Nothing_failed_so_nothing_cools_down() => Assert.False(new FailureCoolDown(_time).Active);

    [Fact]
    public void A_failure_skips_the_cache_for_exactly_the_cool_down()
    {
        var coolDown = new FailureCoolDown(_time);

        coolDown.Start();
        Assert.True(coolDown.Active);
        _time.Advance(FailureCoolDown.Duration - TimeSpan.FromMilliseconds(1));
        Assert.True(coolDown.Active);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(coolDown.Active);
    }

    [Fact]
    public void A_later_failure_extends_the_cool_down_from_its_own_time()
    {
        var coolDown = new FailureCoolDown(_time);

        coolDown.Start();
        _time.Advance(TimeSpan.FromSeconds(1.5));
        coolDown.Start();
        _time.Advance(TimeSpan.FromSeconds(1.5));

        Assert.True(coolDown.Active);
        _time.Advance(FailureCoolDown.Duration);
        Assert.False(coolDown.Active);
    }

    [Fact]
    public void The_log_permit_is_granted_once_per_interval()
    {
        var coolDown = new FailureCoolDown(_time);

        Assert.True(coolDown.TakeLogPermit());
        Assert.False(coolDown.TakeLogPermit());
        _time.Advance(FailureCoolDown.LogInterval - TimeSpan.FromMilliseconds(1));
        Assert.False(coolDown.TakeLogPermit());
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(coolDown.TakeLogPermit());
        Assert.False(coolDown.TakeLogPermit());
    }

    [Fact]
    public async Task Of_many_concurrent_askers_exactly_one_gets_the_permit()
    {
        var coolDown = new FailureCoolDown(_time);
        using var start = new Barrier(8);

        var granted = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            return Enumerable.Range(0, 1000).Count(_ => coolDown.TakeLogPermit());
        })));

        Assert.Equal(1, granted.Sum());
    }
}
