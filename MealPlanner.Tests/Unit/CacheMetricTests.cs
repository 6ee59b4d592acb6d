using System.Diagnostics.Metrics;
using MealPlanner.Api.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace MealPlanner.Tests.Unit;

/// <summary>Every cache outcome the docs list reaches <c>mealplanner.cache.lookups</c>, read back with a listener on
/// this test's own meter factory (other tests' meters of the same name stay out).</summary>
public sealed class CacheMetricTests
{
    [Fact]
    public void A_bypassed_read_is_counted_as_bypass_for_its_cache()
    {
        using var services = new ServiceCollection().AddMetrics().AddSingleton<CacheMetrics>().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var recorded = new List<(long Value, string? Cache, string? Result)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "mealplanner.cache.lookups")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var all = tags.ToArray();
            recorded.Add((value, all.Single(t => t.Key == "cache").Value as string, all.Single(t => t.Key == "result").Value as string));
        });
        listener.Start();

        var outcome = CacheHeader.Bypassed(new DefaultHttpContext { RequestServices = services }, "recipes");

        Assert.Equal(CacheOutcome.Bypass, outcome);
        Assert.Equal([(1L, "recipes", "bypass")], recorded);
    }

    [Theory]
    [InlineData(CacheOutcome.Hit, "hit")]
    [InlineData(CacheOutcome.Miss, "miss")]
    [InlineData(CacheOutcome.Degraded, "degraded")]
    [InlineData(CacheOutcome.Bypass, "bypass")]
    public void Each_outcome_has_the_documented_name(CacheOutcome outcome, string name) => Assert.Equal(name, outcome.Name());
}
