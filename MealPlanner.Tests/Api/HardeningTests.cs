using System.Net;
using Aspire.Hosting.Testing;
using MealPlanner.Tests.Platform;

namespace MealPlanner.Tests.Api;

/// <summary>Bad input of every kind gives a 4xx problem+json, never a 500; plus rate limits, CORS and security headers.</summary>
[Collection(PlatformCollection.Name)]
public sealed class HardeningTests(PlatformFixture platform)
{
    private const string Prefs = "/api/session/preferences";
    private const string Uploads = "/api/images/uploads";
    private static readonly string Attach = $"/api/recipes/{RecipeTests.Bolognese}/images";

    public static TheoryData<string, string, string?, string?, int> BadInputs => new()
    {
        // method, path, content type, body, expected status
        { "PUT", Prefs, "application/json", """{"units":"metric",""", 400 },                                  // malformed JSON
        { "PUT", Prefs, "application/json", """{"units":"metric","servings":2,"dietaryTags":[],"admin":true}""", 400 }, // unknown field
        { "PUT", Prefs, "application/json", """{"units":"metric","servings":"two","dietaryTags":[]}""", 400 },  // wrong JSON type
        { "PUT", Prefs, "application/json", """{"units":"kelvin","servings":0,"dietaryTags":[]}""", 400 },       // invalid values
        { "PUT", Prefs, "application/json", "", 400 },                                                          // empty body
        { "PUT", Prefs, "text/plain", "units=metric", 415 },                                                    // wrong content type
        { "PUT", Prefs, "application/json", $$"""{"units":"{{new string('x', 100_000)}}"}""", 413 },           // huge body
        { "GET", "/api/recipes/not-a-guid", null, null, 400 },                                                  // bad id
        { "GET", "/api/recipes/00000000-0000-0000-0000-000000000000", null, null, 404 },                      // unknown id
        { "GET", "/api/recipes?limit=-1", null, null, 400 },                                                    // negative paging
        { "GET", "/api/recipes?limit=0", null, null, 400 },
        { "GET", "/api/recipes?limit=101", null, null, 400 },
        { "GET", "/api/recipes?limit=99999999999999", null, null, 400 },                                        // huge paging
        { "GET", "/api/recipes?limit=ten", null, null, 400 },
        { "GET", "/api/recipes?cursor=not-a-cursor", null, null, 400 },
        { "GET", $"/api/recipes?q={new string('q', 101)}", null, null, 400 },
        { "GET", "/api/no-such-thing", null, null, 404 },
        { "GET", "/api/recipes?q=%00", null, null, 400 },                                                       // NUL: PostgreSQL refuses it
        { "GET", "/api/recipes?tag=%00", null, null, 400 },
        { "GET", "/api/recipes?q=a%01b&tag=x", null, null, 400 },                                               // other control characters
        { "GET", "/api/recipes/%00", null, null, 400 },                                                         // NUL in the path: Kestrel's own 400
        { "GET", $"/api/recipes/{RecipeTests.Bolognese}%00", null, null, 400 },
        { "PUT", Prefs, "application/json", """{"units":"metric","servings":2,"dietaryTags":["a\u0000b"]}""", 400 }, // NUL in a JSON string
        { "PUT", Prefs, "application/json", """{"units":"metric","servings":2,"dietaryTags":["\ud800"]}""", 400 },   // lone surrogate
        { "POST", Attach, "application/json", """{"key":"temp/\u0000"}""", 400 },
        { "POST", Uploads, "application/json", """{"contentType":"image/gif","size":100}""", 415 },            // type not accepted
        { "POST", Uploads, "application/json", """{"contentType":"image/png","size":-5}""", 400 },
        { "POST", Uploads, "application/json", """{"contentType":"image/png","size":999999999999}""", 413 },   // declared too large
        { "POST", Uploads, "application/json", """{"size":100}""", 400 },
        { "POST", Uploads, "application/xml", "<upload/>", 415 },
        { "POST", Attach, "application/json", """{"key":"../recipes/secret"}""", 400 },                       // foreign key
        { "POST", Attach, "application/json", $$"""{"key":"temp/{{Guid.NewGuid():N}}"}""", 404 },              // nothing uploaded
        { "POST", $"/api/recipes/{Guid.NewGuid()}/images", "application/json", $$"""{"key":"temp/{{Guid.NewGuid():N}}"}""", 404 },
        { "POST", "/api/recipes/42/images", "application/json", $$"""{"key":"temp/{{Guid.NewGuid():N}}"}""", 400 },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Bad_input_is_a_4xx_problem_and_never_a_500(string method, string path, string? contentType, string? body, int expected)
    {
        using var http = ApiClient.Create(platform);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (contentType is not null)
        {
            request.Content = ApiClient.Json(body ?? "", contentType);
        }

        using var response = await http.SendAsync(request);

        await response.AssertProblemAsync((HttpStatusCode)expected);
    }

    [Theory]
    [InlineData(8 * 1024 + 1, 0, 414)]
    [InlineData(100, 16 * 1024 + 1, 431)]
    public async Task A_request_line_or_headers_over_the_api_limits_are_a_problem_not_an_empty_server_answer(int targetLength, int headerLength, int expected)
    {
        using var http = ApiClient.Create(platform);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/recipes?q=" + new string('q', targetLength - "/api/recipes?q=".Length));
        if (headerLength > 0)
        {
            request.Headers.Add("X-Padding", new string('h', headerLength));
        }

        using var response = await http.SendAsync(request);

        await response.AssertProblemAsync((HttpStatusCode)expected);
    }

    [Theory]
    [InlineData("GET /version HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n\r\n")]             // unknown version: 505 as a 400
    [InlineData("GET /version HTTP/1.1\r\nHost: localhost\r\nBad Name: x\r\nConnection: close\r\n\r\n")]  // unparsable header
    [InlineData("GET /api/recipes/%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")]     // NUL in the path
    public async Task Requests_kestrel_rejects_before_the_app_still_answer_a_400_problem(string raw)
    {
        var response = await RawResponse.SendAsync(platform.App.GetEndpoint("api", "http"), System.Text.Encoding.Latin1.GetBytes(raw));

        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.Headers["content-type"], StringComparison.Ordinal);
        using var problem = System.Text.Json.JsonDocument.Parse(response.Body);
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task A_client_over_its_rate_is_told_429_with_retry_after_while_other_clients_go_on()
    {
        using var http = ApiClient.Create(platform);
        var client = $"198.51.100.{Random.Shared.Next(1, 250)}"; // TEST-NET-2: a made-up client behind the proxy
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < 2000 && rejected is null; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/version");
            request.Headers.Add("X-Forwarded-For", client);
            var response = await http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                rejected = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                response.Dispose();
            }
        }

        Assert.NotNull(rejected);
        using (rejected)
        {
            await rejected.AssertProblemAsync(HttpStatusCode.TooManyRequests);
            Assert.True(int.Parse(rejected.Headers.GetValues("Retry-After").Single()) >= 1);
        }

        using var other = await http.GetAsync("/version");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        using var probe = new HttpRequestMessage(HttpMethod.Get, "/alive");
        probe.Headers.Add("X-Forwarded-For", client);
        using var alive = await http.SendAsync(probe);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    [Theory]
    [InlineData("/version")]
    [InlineData("/api/recipes/not-a-guid")]
    public async Task Responses_carry_the_security_headers(string path)
    {
        using var http = ApiClient.Create(platform);

        using var response = await http.GetAsync(path);

        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
        Assert.Equal("DENY", response.Header("X-Frame-Options"));
        Assert.Equal("no-referrer", response.Header("Referrer-Policy"));
        Assert.Contains("default-src 'none'", response.Header("Content-Security-Policy"));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Cors_allows_the_configured_frontend_origin_with_credentials_and_no_other()
    {
        using var http = ApiClient.Create(platform);

        using var allowed = await http.SendAsync(Preflight("http://localhost:3000"));
        using var refused = await http.SendAsync(Preflight("http://evil.example"));

        Assert.Equal("http://localhost:3000", allowed.Header("Access-Control-Allow-Origin"));
        Assert.Equal("true", allowed.Header("Access-Control-Allow-Credentials"));
        Assert.Contains("PUT", allowed.Header("Access-Control-Allow-Methods"));
        Assert.Empty(refused.Header("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, Prefs);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "PUT");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }
}
