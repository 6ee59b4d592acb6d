using System.Net.Http.Json;
using System.Text.Json;
using MealPlanner.Tests.Platform;
using StackExchange.Redis;

namespace MealPlanner.Tests.Api;

/// <summary>Each replica keeps recipes in its own memory; a change made through one replica must reach the other's
/// memory before the change's response is sent. The platform runs two replicas behind Aspire's proxy, which balances
/// connections: every request here opens its own, so consecutive requests alternate replicas, named by X-Instance.
/// The bound asserted is the strictest one a client can observe: the very first read on each replica after the
/// attach response already shows the change. The writer answers only after every replica acknowledged that it
/// dropped the retired generation from memory (<c>GenerationRetirement</c>); a PUBLISH alone was not enough (a loaded
/// replica answered one read from memory before it applied the message, in a CI run). Several rounds, so a delivery
/// that merely races the next request would show up.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CrossReplicaCacheTests(PlatformFixture platform)
{
    private const string Shakshuka = "5a3f1c52-0b6e-4f1a-9c3e-000000000006";
    private const string ChickenCurry = "5a3f1c52-0b6e-4f1a-9c3e-000000000007";
    private const int Rounds = 3;

    /// <summary>A real 1x1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    [Fact]
    public async Task An_image_attached_through_one_replica_is_served_by_the_other_replica_on_its_very_next_read_of_the_recipe()
    {
        var path = $"/api/recipes/{Shakshuka}";
        for (var round = 0; round < Rounds; round++)
        {
            await WarmBothReplicasAsync(platform, path);

            var (writer, url) = await AttachImageAsync(platform, Shakshuka);
            var firstReads = await FirstReadOnEachReplicaAsync(path);

            Assert.All(firstReads, read => Assert.True(url == read.Body.GetProperty("imageUrl").GetString(),
                $"round {round}: replica {read.Instance} (writer {writer}) answered {read.Cache} with the old image"));
        }
    }

    [Fact]
    public async Task An_image_attached_through_one_replica_shows_in_a_listing_page_the_other_replica_had_in_memory()
    {
        // A query no other test reads, so the page's memory state is this test's own.
        const string path = "/api/recipes?limit=37";
        for (var round = 0; round < Rounds; round++)
        {
            await WarmBothReplicasAsync(platform, path);

            var (writer, url) = await AttachImageAsync(platform, ChickenCurry);
            var firstReads = await FirstReadOnEachReplicaAsync(path);

            Assert.All(firstReads, read =>
            {
                var item = read.Body.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == ChickenCurry);
                Assert.True(url == item.GetProperty("imageUrl").GetString(),
                    $"round {round}: replica {read.Instance} (writer {writer}) answered {read.Cache} with the old image");
            });
        }
    }

    [Fact]
    public async Task Each_replica_acknowledges_a_retirement_before_the_change_answers()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(await platform.ConnectionStringAsync("cache"));
        var acknowledgements = new System.Collections.Concurrent.ConcurrentQueue<string>();
        // Only the acknowledgements: a subscriber of the announcement itself would be waited for.
        await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal("mealplanner:cache:retired:ack"),
            (_, message) => acknowledgements.Enqueue(message.ToString()));
        var numsub = (RedisResult[])(await redis.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", "mealplanner:cache:retired"))!;
        var listeners = (long)numsub[1];

        await AttachImageAsync(platform, Shakshuka);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline && Replicas(acknowledgements).Count < 2)
        {
            await Task.Delay(50);
        }

        Assert.True(listeners >= 2, $"both replicas should listen for retirements, {listeners} do");
        Assert.True(Replicas(acknowledgements).Count >= 2,
            $"one retirement should be acknowledged by both replicas, got: {string.Join(", ", acknowledgements)}");

        // One retirement id, acknowledged by two distinct replica ids.
        static HashSet<string> Replicas(IEnumerable<string> acks) =>
            acks.Select(ack => ack.Split(' ')).GroupBy(parts => parts[0])
                .Select(group => group.Select(parts => parts[^1]).ToHashSet())
                .OrderByDescending(set => set.Count).FirstOrDefault() ?? [];
    }

    /// <summary>Reads until each replica has answered from its own memory: then both hold the entry, and a missed
    /// invalidation would serve it unchanged.</summary>
    internal static async Task WarmBothReplicasAsync(PlatformFixture platform, string path)
    {
        using var http = ApiClient.CreateAsOwnClient(platform);
        var fromMemory = new HashSet<string>();
        for (var attempt = 0; fromMemory.Count < 2; attempt++)
        {
            Assert.True(attempt < 40, $"both replicas did not answer {path} from memory (only {string.Join(", ", fromMemory)})");
            using var response = await http.GetAsync(path);
            response.EnsureSuccessStatusCode();
            if (response.Header(ApiClient.CacheHeader) == "hit" && response.Header(RecipeTests.CacheLevelHeader) == "memory")
            {
                fromMemory.Add(response.Header(ApiClient.InstanceHeader));
            }
        }
    }

    internal static async Task<(string Instance, string Url)> AttachImageAsync(PlatformFixture platform, string recipe)
    {
        using var http = ApiClient.CreateAsOwnClient(platform);
        using var anonymous = new HttpClient();
        using var upload = await http.PostAsJsonAsync("/api/images/uploads", new { contentType = "image/png", size = Png.Length });
        upload.EnsureSuccessStatusCode();
        var ticket = await upload.ReadJsonAsync();
        using var body = new ByteArrayContent(Png);
        body.Headers.ContentType = new("image/png");
        using var put = await anonymous.PutAsync(ticket.GetProperty("uploadUrl").GetString(), body);
        put.EnsureSuccessStatusCode();

        using var attach = await http.PostAsJsonAsync($"/api/recipes/{recipe}/images", new { key = ticket.GetProperty("key").GetString() });
        Assert.True(attach.IsSuccessStatusCode, await attach.Content.ReadAsStringAsync());
        return (attach.Header(ApiClient.InstanceHeader), (await attach.ReadJsonAsync()).GetProperty("url").GetString()!);
    }

    /// <summary>From the moment the attach response arrived: each replica's first answer, nothing retried.</summary>
    private async Task<List<(string Instance, string Cache, JsonElement Body)>> FirstReadOnEachReplicaAsync(string path)
    {
        using var http = ApiClient.CreateAsOwnClient(platform);
        var reads = new List<(string Instance, string Cache, JsonElement Body)>();
        for (var attempt = 0; reads.Count < 2; attempt++)
        {
            Assert.True(attempt < 20, "the proxy did not reach both replicas");
            using var response = await http.GetAsync(path);
            response.EnsureSuccessStatusCode();
            var instance = response.Header(ApiClient.InstanceHeader);
            if (reads.All(r => r.Instance != instance))
            {
                var cache = $"{response.Header(ApiClient.CacheHeader)} {response.Header(RecipeTests.CacheLevelHeader)}".Trim();
                reads.Add((instance, cache, await response.ReadJsonAsync()));
            }
        }

        return reads;
    }
}
