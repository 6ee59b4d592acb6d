using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;
using MealPlanner.Tests.Platform;
using StackExchange.Redis;

namespace MealPlanner.Tests.Api;

/// <summary>GET /api/recipes and /api/recipes/{id} against the seeded database, through the Redis cache.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RecipeTests(PlatformFixture platform)
{
    internal const string Bolognese = "5a3f1c52-0b6e-4f1a-9c3e-000000000001";
    private const string OvernightOats = "5a3f1c52-0b6e-4f1a-9c3e-000000000003";

    /// <summary>Which cache level answered a hit (Development only): memory or redis.</summary>
    internal const string CacheLevelHeader = "X-Cache-Level";

    [Fact]
    public async Task Listing_pages_through_every_seeded_recipe_with_the_cursor_without_repeats()
    {
        using var http = ApiClient.Create(platform);
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await http.GetFromJsonAsync<JsonElement>($"/api/recipes?limit=3{(cursor is null ? "" : $"&cursor={cursor}")}");
            var items = page.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(items.Count, 1, 3);
            seen.AddRange(items.Select(i => i.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 20);

        Assert.Null(cursor);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.InRange(seen.Count, 10, 60);
        Assert.Contains(Bolognese, seen);
        Assert.True(pages >= 4, $"10 recipes at 3 a page take at least 4 pages, got {pages}");
    }

    [Fact]
    public async Task Listing_filters_by_tag()
    {
        using var http = ApiClient.Create(platform);

        var page = await http.GetFromJsonAsync<JsonElement>("/api/recipes?tag=vegetarian");
        var items = page.GetProperty("items").EnumerateArray().ToList();

        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Contains("vegetarian", i.GetProperty("tags").EnumerateArray().Select(t => t.GetString())));
        Assert.Contains(OvernightOats, items.Select(i => i.GetProperty("id").GetString()));
        Assert.DoesNotContain(Bolognese, items.Select(i => i.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Listing_searches_titles_ignoring_case_and_treats_like_wildcards_literally()
    {
        using var http = ApiClient.Create(platform);

        var found = await http.GetFromJsonAsync<JsonElement>("/api/recipes?q=SPAGHETTI");
        var wildcard = await http.GetFromJsonAsync<JsonElement>("/api/recipes?q=%25");

        Assert.Equal([Bolognese], found.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()));
        Assert.Empty(wildcard.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_recipe_comes_with_its_ingredients_in_order_and_its_nutrition()
    {
        using var http = ApiClient.Create(platform);

        var recipe = await http.GetFromJsonAsync<JsonElement>($"/api/recipes/{Bolognese}");

        Assert.Equal("Classic Spaghetti Bolognese", recipe.GetProperty("title").GetString());
        var ingredients = recipe.GetProperty("ingredients").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ToList();
        Assert.Equal(10, ingredients.Count);
        Assert.Equal("spaghetti", ingredients[0]);
        Assert.Equal(620, recipe.GetProperty("perServing").GetProperty("calories").GetInt32());
    }

    [Fact]
    public async Task An_unknown_recipe_is_a_404_problem()
    {
        using var http = ApiClient.Create(platform);

        using var response = await http.GetAsync($"/api/recipes/{Guid.NewGuid()}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_first_read_misses_and_stores_the_recipe_in_redis_with_a_ttl_and_the_second_read_hits()
    {
        using var http = ApiClient.Create(platform);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await platform.ConnectionStringAsync("cache"));
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        await foreach (var stale in server.KeysAsync(pattern: CacheKeyPattern(OvernightOats)))
        {
            await redis.GetDatabase().KeyDeleteAsync(stale);
        }

        using var first = await http.GetAsync($"/api/recipes/{OvernightOats}");
        var keys = await server.KeysAsync(pattern: CacheKeyPattern(OvernightOats)).ToListAsync();
        var ttl = keys.Count == 1 ? await redis.GetDatabase().KeyTimeToLiveAsync(keys[0]) : null;
        using var second = await http.GetAsync($"/api/recipes/{OvernightOats}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("miss", first.Header(ApiClient.CacheHeader));
        Assert.True(keys.Count == 1, $"expected one key for the recipe, found {keys.Count}");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10));
        Assert.Equal("hit", second.Header(ApiClient.CacheHeader));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        // The replica that missed kept the entry in memory too: its next read does not ask Redis again.
        Assert.Equal(("hit", "memory"), await NextReadOnAsync(http, first.Header(ApiClient.InstanceHeader), $"/api/recipes/{OvernightOats}"));
    }

    [Fact]
    public async Task With_redis_stopped_reads_still_answer_from_postgres_and_return_to_cache_hits_once_it_is_back()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var http = ApiClient.Create(platform);
        var degraded = new List<(HttpStatusCode Status, string Cache)>();

        await platform.Commands.ExecuteCommandAsync("cache", KnownResourceCommands.StopCommand, cts.Token);
        try
        {
            await platform.Notifications.WaitForResourceAsync("cache", [KnownResourceStates.Exited, KnownResourceStates.Finished], cts.Token);
            // Both replicas, and the listing as well as the detail.
            for (var i = 0; i < 4; i++)
            {
                using var detail = await http.GetAsync($"/api/recipes/{Bolognese}", cts.Token);
                using var list = await http.GetAsync("/api/recipes?limit=2", cts.Token);
                degraded.Add((detail.StatusCode, detail.Header(ApiClient.CacheHeader)));
                degraded.Add((list.StatusCode, list.Header(ApiClient.CacheHeader)));
            }
        }
        finally
        {
            await platform.StartAgainAsync("cache", cts.Token);
        }

        Assert.All(degraded, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        Assert.All(degraded, r => Assert.Equal("degraded", r.Cache));
        // The connection comes back on its own; a hit needs a miss (to store) then a read on any replica.
        string outcome;
        do
        {
            await Task.Delay(200, cts.Token);
            using var again = await http.GetAsync($"/api/recipes/{Bolognese}", cts.Token);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            outcome = again.Header(ApiClient.CacheHeader);
        }
        while (outcome != "hit");
    }

    /// <summary>The cache outcome and level of the next read that lands on <paramref name="instance"/> (each request
    /// opens its own connection, and the proxy alternates replicas by connection).</summary>
    private static async Task<(string Cache, string Level)> NextReadOnAsync(HttpClient http, string instance, string path)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            using var response = await http.GetAsync(path);
            if (response.Header(ApiClient.InstanceHeader) == instance)
            {
                return (response.Header(ApiClient.CacheHeader), response.Header(CacheLevelHeader));
            }
        }

        throw new InvalidOperationException($"no read reached {instance}");
    }

    /// <summary>The keys the API stores a recipe under: its cache prefix, the schema version, any generation, the id.</summary>
    internal static string CacheKeyPattern(string id) => $"mealplanner:recipes:v2:*:detail:{Guid.Parse(id):N}";
}
