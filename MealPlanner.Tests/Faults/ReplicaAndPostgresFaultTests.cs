using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Aspire.Hosting.ApplicationModel;
using MealPlanner.Tests.Api;
using MealPlanner.Tests.Platform;
using Npgsql;
using Xunit.Abstractions;

namespace MealPlanner.Tests.Faults;

/// <summary>An API replica restarted, and PostgreSQL restarted under load.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ReplicaAndPostgresFaultTests(PlatformFixture platform, ITestOutputHelper output)
{
    private static readonly TimeSpan FailFastBound = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Sessions_survive_a_restart_of_an_api_replica()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var cookies = new CookieContainer();
        using var http = ApiClient.CreateAsOwnClient(platform, cookies);
        using (var put = await http.PutAsync("/api/session/preferences",
            ApiClient.Json("""{"units":"imperial","servings":7,"dietaryTags":["restart"]}"""), cts.Token))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var before = await InstancesAnsweringAsync(http, cts.Token);
        var replica = (await platform.InstancesOfAsync("api", 2, cts.Token))[0];
        var restart = await platform.Commands.ExecuteCommandAsync(replica, KnownResourceCommands.RestartCommand, cts.Token);
        Assert.True(restart.Success, restart.Message);

        // A new process (new X-Instance) must read the session the old ones wrote.
        var readers = new HashSet<string>();
        while (!readers.Except(before).Any())
        {
            using var get = await TryGetAsync(http, "/api/session/preferences", cts.Token);
            if (get?.StatusCode == HttpStatusCode.OK)
            {
                var body = await get.ReadJsonAsync();
                Assert.Equal("imperial", body.GetProperty("units").GetString());
                Assert.Equal(7, body.GetProperty("servings").GetInt32());
                readers.Add(get.Header(ApiClient.InstanceHeader));
            }

            await Task.Delay(200, cts.Token);
        }

        // Both replicas answering /health again, asked over HTTP: a wait on the resource's name also matched the
        // restarted replica's old run, whose last state (Finished, exit code 0) it took for the API's (seen once in CI).
        await platform.WaitApiSettledAsync(cts.Token);
    }

    [Fact]
    public async Task Postgres_restarted_under_load_fails_fast_with_503_recovers_within_15_s_and_loses_no_committed_write()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(240));
        // Both replicas have served a read: a replica's first query (EF Core builds its model and compiles the query)
        // can take seconds on a loaded machine, which is start-up, not what this test measures.
        await ReadThroughEveryReplicaAsync(cts.Token);
        var pooled = await platform.ConnectionStringAsync("pgbouncer");
        await ExecuteAsync(pooled, "CREATE TABLE IF NOT EXISTS fault_writes (id uuid PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())", cts.Token);

        var committed = new ConcurrentBag<Guid>();
        var answers = new ConcurrentBag<(int Status, TimeSpan Elapsed, string ContentType)>();
        using var stopLoad = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        var writer = WriteLoadAsync(pooled, committed, stopLoad.Token);
        var readers = Enumerable.Range(0, 3).Select(_ => ReadLoadAsync(answers, stopLoad.Token)).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(2), cts.Token);
        var committedBefore = committed.Count;
        await platform.StopAsync("postgres", cts.Token);
        await Task.Delay(TimeSpan.FromSeconds(3), cts.Token);
        var result = await platform.Commands.ExecuteCommandAsync("postgres", KnownResourceCommands.StartCommand, cts.Token);
        Assert.True(result.Success, result.Message);
        var sinceRestart = Stopwatch.StartNew();
        var recovered = await FirstSuccessAsync(cts.Token);
        await platform.WaitHealthyAsync("postgres", cts.Token);
        await Task.Delay(TimeSpan.FromSeconds(1), cts.Token);
        await stopLoad.CancelAsync();
        await Task.WhenAll([writer, .. readers]);

        var slowest = answers.MaxBy(a => a.Elapsed);
        output.WriteLine($"{answers.Count} reads, {answers.Count(a => a.Status == 503)} answered 503; slowest {slowest.Status} after " +
            $"{slowest.Elapsed.TotalMilliseconds:0} ms; 200 again {recovered.TotalSeconds:0.0} s after PostgreSQL was started; {committed.Count} writes committed");
        Assert.True(committedBefore > 0 && committed.Count > committedBefore, $"writes committed: {committedBefore} before, {committed.Count} in all");
        var wrong = answers.Where(a => a.Status is not (200 or 503) || a.Elapsed > FailFastBound ||
            a.Status == 503 && a.ContentType != "application/problem+json").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {answers.Count} reads were neither 200 nor a 503 problem within 5 s, e.g. {wrong.FirstOrDefault()}");
        Assert.Contains(answers, a => a.Status == 503);
        Assert.True(recovered <= RecoveryBound, $"reads answered 200 again {recovered.TotalSeconds:0.0} s after PostgreSQL was started");

        NpgsqlConnection.ClearAllPools();
        var ids = committed.ToArray();
        await using var connection = new NpgsqlConnection(pooled);
        await connection.OpenAsync(cts.Token);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM fault_writes WHERE id = ANY(@ids)", connection);
        count.Parameters.AddWithValue("ids", ids);
        Assert.Equal((long)ids.Length, (long)(await count.ExecuteScalarAsync(cts.Token))!);
        return;

        async Task<TimeSpan> FirstSuccessAsync(CancellationToken ct)
        {
            using var http = ApiClient.CreateAsOwnClient(platform);
            http.Timeout = TimeSpan.FromSeconds(10);
            while (sinceRestart.Elapsed < TimeSpan.FromSeconds(60))
            {
                using var response = await TryGetAsync(http, "/api/recipes?limit=3", ct, bypassCache: true);
                if (response?.StatusCode == HttpStatusCode.OK)
                {
                    return sinceRestart.Elapsed;
                }

                await Task.Delay(200, ct);
            }

            return sinceRestart.Elapsed;
        }
    }

    private async Task ReadThroughEveryReplicaAsync(CancellationToken ct)
    {
        var replicas = await platform.InstancesOfAsync("api", 2, ct);
        using var http = ApiClient.CreateAsOwnClient(platform);
        var served = new HashSet<string>();
        while (served.Count < replicas.Count)
        {
            using var response = await TryGetAsync(http, "/api/recipes?limit=5", ct, bypassCache: true);
            if (response?.StatusCode == HttpStatusCode.OK)
            {
                served.Add(response.Header(ApiClient.InstanceHeader));
            }
        }
    }

    /// <summary>Reads that must reach PostgreSQL (<c>Cache-Control: no-cache</c>, Development), each timed.</summary>
    private async Task ReadLoadAsync(ConcurrentBag<(int, TimeSpan, string)> answers, CancellationToken ct)
    {
        using var http = ApiClient.CreateAsOwnClient(platform);
        // Longer than the bound, so a hang shows as a slow answer rather than vanishing into a client time-out.
        http.Timeout = TimeSpan.FromSeconds(20);
        while (!ct.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/recipes?limit=5");
                request.Headers.CacheControl = new() { NoCache = true };
                using var response = await http.SendAsync(request, ct);
                await response.Content.ReadAsByteArrayAsync(ct);
                answers.Add(((int)response.StatusCode, clock.Elapsed, response.Content.Headers.ContentType?.MediaType ?? ""));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                answers.Add((599, clock.Elapsed, ex.GetType().Name));
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    /// <summary>Inserts rows through the pooler as fast as it lets; an id counts once its commit returned.</summary>
    private static async Task WriteLoadAsync(string connectionString, ConcurrentBag<Guid> committed, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var id = Guid.NewGuid();
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(ct);
                await using var insert = new NpgsqlCommand("INSERT INTO fault_writes (id) VALUES (@id)", connection);
                insert.Parameters.AddWithValue("id", id);
                await insert.ExecuteNonQueryAsync(ct);
                committed.Add(id);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (NpgsqlException)
            {
                NpgsqlConnection.ClearAllPools();
                await Task.Delay(100, CancellationToken.None);
            }

            await Task.Delay(20, CancellationToken.None);
        }
    }

    private static async Task<HttpResponseMessage?> TryGetAsync(HttpClient http, string path, CancellationToken ct, bool bypassCache = false)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (bypassCache)
            {
                request.Headers.CacheControl = new() { NoCache = true };
            }

            return await http.SendAsync(request, ct);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task<HashSet<string>> InstancesAnsweringAsync(HttpClient http, CancellationToken ct)
    {
        var seen = new HashSet<string>();
        for (var i = 0; i < 10; i++)
        {
            using var response = await http.GetAsync("/alive", ct);
            seen.Add(response.Header(ApiClient.InstanceHeader));
        }

        return seen;
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
