using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using MealPlanner.Tests.Api;
using MealPlanner.Tests.Platform;
using StackExchange.Redis;

namespace MealPlanner.Tests.Faults;

/// <summary>Redis stopped, killed under load and black-holed: recipes keep answering from PostgreSQL, sessions answer
/// 503 quickly, and the cache comes back by itself.</summary>
[Collection(PlatformCollection.Name)]
public sealed class RedisFaultTests(PlatformFixture platform)
{
    private static readonly TimeSpan SessionBound = TimeSpan.FromSeconds(2.5);
    private static readonly TimeSpan HitsResumeBound = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RequestPatience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LoadAllowance = TimeSpan.FromSeconds(1.5);
    private const string Ratatouille = "5a3f1c52-0b6e-4f1a-9c3e-000000000008";
    private const string Preferences = """{"units":"imperial","servings":3,"dietaryTags":["vegan"]}""";

    [Fact]
    public async Task Redis_stopped_during_a_recipe_read_load_costs_no_5xx_and_cache_hits_resume_within_10_s_of_the_restart()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var statuses = new ConcurrentBag<(int Status, string Path)>();
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var load = Enumerable.Range(0, 4).Select(worker => ReadLoadAsync(worker, statuses, stopLoad.Token)).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2), cts.Token);
        await platform.StopAsync("cache", cts.Token);
        await Task.Delay(TimeSpan.FromSeconds(3), cts.Token);
        var stoppedReads = statuses.Count;
        // Not settled: how soon the API recovers by itself is what this test measures.
        await platform.StartAgainAsync("cache", cts.Token, settle: false);
        var sinceRestart = Stopwatch.StartNew();

        var hitAfter = await FirstCacheHitAsync(cts.Token);
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);
        await platform.WaitApiSettledAsync(cts.Token);

        Assert.True(statuses.Count > stoppedReads, "the load kept running after the restart");
        var failed = statuses.Where(s => s.Status >= 500).ToList();
        Assert.True(failed.Count == 0, $"{failed.Count} of {statuses.Count} reads answered 5xx, e.g. {failed.FirstOrDefault()}");
        Assert.True(hitAfter <= HitsResumeBound,
            $"the first cache hit came {hitAfter.TotalSeconds:0.0} s after Redis was back");
        return;

        async Task<TimeSpan> FirstCacheHitAsync(CancellationToken ct)
        {
            using var http = ApiClient.CreateAsOwnClient(platform);
            http.Timeout = RequestPatience;
            while (sinceRestart.Elapsed < TimeSpan.FromSeconds(30))
            {
                var path = $"/api/recipes/{RecipeTests.Bolognese}";
                try
                {
                    using var response = await http.GetAsync(path, ct);
                    statuses.Add(((int)response.StatusCode, path));
                    if (response.Header(ApiClient.CacheHeader) == "hit")
                    {
                        return sinceRestart.Elapsed;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
                {
                    statuses.Add((599, $"{path}: {ex.GetType().Name} {ex.Message}"));
                }

                await Task.Delay(100, ct);
            }

            return sinceRestart.Elapsed;
        }
    }

    /// <summary>A change while Redis is away cannot remove its Redis entry nor tell the other replica; once Redis is
    /// back, neither replica may answer with the entry from before the change (each retires the cache's generation
    /// before it trusts the cache again). Checked from the restart until both replicas answer cache hits again.</summary>
    [Fact]
    public async Task A_recipe_changed_while_redis_is_stopped_is_never_served_stale_by_either_replica_once_redis_is_back()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var path = $"/api/recipes/{Ratatouille}";
        // Both replicas hold the recipe in memory, and Redis holds it: what a lost removal would leave stale.
        await CrossReplicaCacheTests.WarmBothReplicasAsync(platform, path);

        await platform.StopAsync("cache", cts.Token);
        string url;
        try
        {
            (_, url) = await CrossReplicaCacheTests.AttachImageAsync(platform, Ratatouille);
        }
        finally
        {
            await platform.StartAgainAsync("cache", cts.Token, settle: false);
        }

        using var http = ApiClient.CreateAsOwnClient(platform);
        http.Timeout = RequestPatience;
        var stale = new List<string>();
        var hitsOn = new HashSet<string>();
        var sinceRestart = Stopwatch.StartNew();
        while (hitsOn.Count < 2 && sinceRestart.Elapsed < TimeSpan.FromSeconds(30))
        {
            using var response = await http.GetAsync(path, cts.Token);
            response.EnsureSuccessStatusCode();
            var (instance, cache) = (response.Header(ApiClient.InstanceHeader), response.Header(ApiClient.CacheHeader));
            if ((await response.ReadJsonAsync()).GetProperty("imageUrl").GetString() != url)
            {
                stale.Add($"{instance} {cache} {response.Header(RecipeTests.CacheLevelHeader)} at {sinceRestart.Elapsed.TotalSeconds:0.0} s");
            }

            if (cache == "hit")
            {
                hitsOn.Add(instance);
            }

            await Task.Delay(100, cts.Token);
        }

        await platform.WaitApiSettledAsync(cts.Token);
        Assert.True(stale.Count == 0, "served from before the change: " + string.Join("; ", stale));
        Assert.True(hitsOn.Count == 2, $"cache hits resumed on {hitsOn.Count} replica(s) within 30 s of the restart");
    }

    [Fact]
    public async Task Session_reads_and_writes_answer_503_problem_within_2_5_s_while_redis_is_stopped()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var cookies = new CookieContainer();
        using var http = ApiClient.CreateAsOwnClient(platform, cookies);
        // Precondition: sessions work. Another test may have just restarted Redis, and the API takes a few seconds
        // to reconnect and to stop treating it as away (the recovery bound is that test's subject, not this one's).
        var ready = Stopwatch.StartNew();
        while (true)
        {
            using var put = await http.PutAsync("/api/session/preferences", ApiClient.Json(Preferences), cts.Token);
            if (put.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(ready.Elapsed < TimeSpan.FromSeconds(30), $"sessions did not work before the fault: {(int)put.StatusCode}");
            await Task.Delay(250, cts.Token);
        }

        var timings = new List<(string Method, TimeSpan Elapsed, HttpStatusCode Status)>();
        await platform.StopAsync("cache", cts.Token);
        try
        {
            // Several of each, so both replicas answer (the proxy balances connections; each request opens one).
            for (var i = 0; i < 6; i++)
            {
                timings.Add(await TimeAsync("GET", () => http.GetAsync("/api/session/preferences", cts.Token)));
                timings.Add(await TimeAsync("PUT", () => http.PutAsync("/api/session/preferences", ApiClient.Json(Preferences), cts.Token)));
            }
        }
        finally
        {
            await platform.StartAgainAsync("cache", cts.Token);
        }

        Assert.All(timings, t => Assert.True(t.Status == HttpStatusCode.ServiceUnavailable && t.Elapsed <= SessionBound,
            $"{t.Method} answered {(int)t.Status} after {t.Elapsed.TotalMilliseconds:0} ms"));
    }

    [Fact]
    public async Task With_redis_black_holed_the_api_starts_within_5_s_serves_recipes_and_answers_sessions_503_within_2_5_s()
    {
        var environment = await platform.EnvironmentOfAsync("api");
        var redis = ConfigurationOptions.Parse(environment["ConnectionStrings__cache"]);
        var target = await ResolveAsync(redis.EndPoints[0]);

        // A baseline started at the same moment with Redis reachable through the same kind of proxy. What a process
        // needs before its first recipe read is mostly CPU: the runtime's start, then EF Core building its model and
        // compiling the query (measured on 2 cores: the first read took 6 s at a load average of 18 and 15 s at 22,
        // with Redis reachable or not). On a loaded machine that alone passes the 5 s bound, so the black-holed
        // start may then be at most a little slower than the baseline: 1.5 s, or a tenth of the baseline when two
        // processes starving for CPU drift apart by more. A start that waited for Redis (its connect timeout is 2 s, a
        // synchronous connect used to hold it ~15 s) still fails.
        await using var passing = new BlackHoleProxy(target, blackHoled: false);
        await using var hole = new BlackHoleProxy(target, blackHoled: true);
        await using var reachable = ApiProcess.Start("api-redis-reachable", WithCache(environment, passing));
        await using var api = ApiProcess.Start("api-redis-black-holed", WithCache(environment, hole));
        var starts = await Task.WhenAll(ServingAsync(reachable), ServingAsync(api));
        var (baseline, serving) = (starts[0], starts[1]);

        var allowance = TimeSpan.FromTicks(Math.Max(LoadAllowance.Ticks, baseline.Ticks / 10));
        Assert.True(serving <= StartBound || serving - baseline <= allowance,
            $"with Redis black-holed the API served after {serving.TotalSeconds:0.0} s (with Redis reachable: {baseline.TotalSeconds:0.0} s)");
        using var http = api.CreateClient(new CookieContainer());
        using (var recipes = await http.GetAsync($"/api/recipes/{RecipeTests.Bolognese}"))
        {
            Assert.Equal(HttpStatusCode.OK, recipes.StatusCode);
            Assert.Equal("degraded", recipes.Header(ApiClient.CacheHeader));
        }

        for (var i = 0; i < 3; i++)
        {
            var get = await TimeAsync("GET", () => http.GetAsync("/api/session/preferences"));
            var put = await TimeAsync("PUT", () => http.PutAsync("/api/session/preferences", ApiClient.Json(Preferences)));
            Assert.All(new[] { get, put }, t => Assert.True(t.Status == HttpStatusCode.ServiceUnavailable && t.Elapsed <= SessionBound,
                $"{t.Method} answered {(int)t.Status} after {t.Elapsed.TotalMilliseconds:0} ms"));
        }
    }

    [Fact]
    public async Task Redis_black_holed_after_the_api_connected_sessions_answer_503_within_2_5_s_and_recipes_200()
    {
        var environment = await platform.EnvironmentOfAsync("api");
        var target = await ResolveAsync(ConfigurationOptions.Parse(environment["ConnectionStrings__cache"]).EndPoints[0]);
        await using var proxy = new BlackHoleProxy(target, blackHoled: false);
        await using var api = ApiProcess.Start("api-redis-black-holed-later", WithCache(environment, proxy));
        await api.WaitUntilOkAsync("/health", TimeSpan.FromSeconds(60));
        using var http = api.CreateClient(new CookieContainer());
        using (var put = await http.PutAsync("/api/session/preferences", ApiClient.Json(Preferences)))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        proxy.BlackHole();
        var timings = new List<(string Method, TimeSpan Elapsed, HttpStatusCode Status)>();
        var recipes = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            timings.Add(await TimeAsync("GET", () => http.GetAsync("/api/session/preferences")));
            timings.Add(await TimeAsync("PUT", () => http.PutAsync("/api/session/preferences", ApiClient.Json(Preferences))));
            using var recipe = await http.GetAsync($"/api/recipes/{RecipeTests.Bolognese}");
            recipes.Add(recipe.StatusCode);
            // Past the guard's cool-down, so later requests meet the hanging connection again, not only the guard.
            await Task.Delay(TimeSpan.FromSeconds(2.2));
        }

        Assert.All(timings, t => Assert.True(t.Status == HttpStatusCode.ServiceUnavailable && t.Elapsed <= SessionBound,
            $"{t.Method} answered {(int)t.Status} after {t.Elapsed.TotalMilliseconds:0} ms"));
        Assert.All(recipes, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    private async Task ReadLoadAsync(int worker, ConcurrentBag<(int, string)> statuses, CancellationToken ct)
    {
        using var http = ApiClient.CreateAsOwnClient(platform);
        http.Timeout = RequestPatience;
        var paths = new[] { $"/api/recipes/{RecipeTests.Bolognese}", "/api/recipes?limit=5", "/api/recipes?tag=vegetarian" };
        for (var i = worker; !ct.IsCancellationRequested; i++)
        {
            var path = paths[i % paths.Length];
            try
            {
                using var response = await http.GetAsync(path, ct);
                statuses.Add(((int)response.StatusCode, path));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // A read that hangs counts as a failure too, not as a test time-out.
                statuses.Add((599, $"{path}: {ex.GetType().Name} {ex.Message}"));
            }
        }
    }

    private static async Task<(string Method, TimeSpan Elapsed, HttpStatusCode Status)> TimeAsync(string method, Func<Task<HttpResponseMessage>> send)
    {
        var clock = Stopwatch.StartNew();
        using var response = await send();
        await response.Content.ReadAsByteArrayAsync();
        var elapsed = clock.Elapsed;
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        }

        return (method, elapsed, response.StatusCode);
    }

    /// <summary>Until liveness, the version and a recipe read (PostgreSQL) all answer 200.</summary>
    private static async Task<TimeSpan> ServingAsync(ApiProcess api)
    {
        var alive = await api.WaitUntilOkAsync("/alive", TimeSpan.FromSeconds(60));
        var version = await api.WaitUntilOkAsync("/version", TimeSpan.FromSeconds(60));
        var recipes = await api.WaitUntilOkAsync($"/api/recipes/{RecipeTests.Bolognese}", TimeSpan.FromSeconds(60));
        Console.WriteLine($"{api.Address}: /alive {alive.TotalSeconds:0.0} s, /version {version.TotalSeconds:0.0} s, recipe {recipes.TotalSeconds:0.0} s");
        return recipes;
    }

    private static Dictionary<string, string> WithCache(Dictionary<string, string> environment, BlackHoleProxy proxy)
    {
        var options = ConfigurationOptions.Parse(environment["ConnectionStrings__cache"]);
        options.EndPoints.Clear();
        options.EndPoints.Add(IPAddress.Loopback, proxy.Port);
        return new Dictionary<string, string>(environment) { ["ConnectionStrings__cache"] = options.ToString(includePassword: true) };
    }

    private static async Task<IPEndPoint> ResolveAsync(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint ip => ip,
        DnsEndPoint dns => new IPEndPoint((await Dns.GetHostAddressesAsync(dns.Host)).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork), dns.Port),
        _ => throw new InvalidOperationException($"unexpected Redis endpoint {endPoint}"),
    };
}
