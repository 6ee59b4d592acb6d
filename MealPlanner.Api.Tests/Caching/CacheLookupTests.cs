using MealPlanner.Api.Caching;

namespace MealPlanner.Api.Tests.Caching;

/// <summary>The Redis level marks the lookup it runs in, deep inside the cache's awaits; the caller must see the
/// marks, and a lookup must never see another's.</summary>
public class CacheLookupTests
{
    [Fact]
    public async Task A_mark_made_inside_awaited_calls_is_seen_by_the_lookup()
    {
        using var lookup = CacheLookup.Begin();

        await Task.Run(async () =>
        {
            await Task.Yield();
            CacheLookup.Current!.FoundInRedis = true;
        });

        Assert.True(lookup.FoundInRedis);
        Assert.False(lookup.RedisFailed);
    }

    [Fact]
    public async Task Concurrent_lookups_keep_their_marks_apart()
    {
        var lookups = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            using var lookup = CacheLookup.Begin();
            await Task.Yield();
            if (i % 2 == 0)
            {
                CacheLookup.Current!.RedisFailed = true;
            }

            await Task.Delay(1);
            return (i, lookup.RedisFailed);
        })));

        Assert.All(lookups, l => Assert.Equal(l.i % 2 == 0, l.RedisFailed));
    }

    [Fact]
    public void Ending_a_lookup_restores_the_one_around_it()
    {
        Assert.Null(CacheLookup.Current);
        using (var outer = CacheLookup.Begin())
        {
            using (var inner = CacheLookup.Begin())
            {
                Assert.Same(inner, CacheLookup.Current);
            }

            Assert.Same(outer, CacheLookup.Current);
        }

        Assert.Null(CacheLookup.Current);
    }
}
