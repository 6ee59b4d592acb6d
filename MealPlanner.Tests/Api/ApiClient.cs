using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.Testing;
using MealPlanner.Tests.Platform;

namespace MealPlanner.Tests.Api;

/// <summary>Plain HTTP clients for the API behind Aspire's proxy, with no retry handler in between: what a test sees is
/// what the API answered. The proxy balances connections, not requests, so each request opens its own connection
/// to reach both replicas in turn.</summary>
internal static class ApiClient
{
    public const string InstanceHeader = "X-Instance";
    public const string CacheHeader = "X-Cache";

    public static HttpClient Create(PlatformFixture platform, CookieContainer? cookies = null) =>
        new(new SocketsHttpHandler { CookieContainer = cookies ?? new CookieContainer(), UseCookies = cookies is not null })
        {
            BaseAddress = platform.App.GetEndpoint("api", "http"),
            Timeout = TimeSpan.FromSeconds(30),
            DefaultRequestHeaders = { ConnectionClose = true },
        };

    /// <summary>A client the API's per-client rate limit counts on its own (a made-up TEST-NET-3 address in
    /// X-Forwarded-For, which the API trusts from loopback): load and fault tests then neither exhaust nor inherit
    /// the shared loopback client's window.</summary>
    public static HttpClient CreateAsOwnClient(PlatformFixture platform, CookieContainer? cookies = null)
    {
        var http = Create(platform, cookies);
        http.DefaultRequestHeaders.Add("X-Forwarded-For", $"203.0.113.{Interlocked.Increment(ref _ownClients) % 250 + 1}");
        return http;
    }

    private static int _ownClients;

    public static StringContent Json(string json, string contentType = "application/json") =>
        new(json, Encoding.UTF8, contentType);

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    /// <summary>Asserts an RFC 9457 problem document with the given status, and no stack trace in it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        var problem = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }
}
