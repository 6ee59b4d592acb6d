using System.Net;
using System.Text.Json;
using MealPlanner.Tests.Platform;

namespace MealPlanner.Tests.Api;

/// <summary>Sessions in Redis, cookies protected by Data Protection keys in Redis: the API runs two replicas here,
/// behind Aspire's round-robin proxy, as production runs two tasks behind the ALB.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SessionTests(PlatformFixture platform)
{
    private const string Preferences = """{"units":"imperial","servings":4,"dietaryTags":["vegetarian","nut-free"]}""";

    [Fact]
    public async Task Preferences_written_through_one_replica_are_read_through_the_other()
    {
        var cookies = new CookieContainer();
        using var http = ApiClient.Create(platform, cookies);

        using var put = await http.PutAsync("/api/session/preferences", ApiClient.Json(Preferences));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var writer = put.Header(ApiClient.InstanceHeader);
        Assert.NotEmpty(writer);
        Assert.Contains(cookies.GetAllCookies(), c => c.Name == "mp.session" && c.HttpOnly);

        // Round robin: a few requests reach the other replica; each read must find the session.
        var readers = new HashSet<string>();
        for (var attempt = 0; attempt < 20 && !readers.Any(r => r != writer); attempt++)
        {
            using var get = await http.GetAsync("/api/session/preferences");
            Assert.Equal(HttpStatusCode.OK, get.StatusCode);
            var body = await get.ReadJsonAsync();
            Assert.Equal("imperial", body.GetProperty("units").GetString());
            Assert.Equal(4, body.GetProperty("servings").GetInt32());
            Assert.Equal(["vegetarian", "nut-free"], body.GetProperty("dietaryTags").EnumerateArray().Select(t => t.GetString()));
            readers.Add(get.Header(ApiClient.InstanceHeader));
        }

        Assert.Contains(readers, r => r != writer);
    }

    [Fact]
    public async Task Without_the_session_cookie_the_defaults_come_back()
    {
        var cookies = new CookieContainer();
        using var writer = ApiClient.Create(platform, cookies);
        using var stranger = ApiClient.Create(platform, new CookieContainer());
        using var put = await writer.PutAsync("/api/session/preferences", ApiClient.Json(Preferences));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var get = await stranger.GetAsync("/api/session/preferences");
        var body = await get.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("metric", body.GetProperty("units").GetString());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("dietaryTags").ValueKind);
        Assert.Empty(body.GetProperty("dietaryTags").EnumerateArray());
    }
}
