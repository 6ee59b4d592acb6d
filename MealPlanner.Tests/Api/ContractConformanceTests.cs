using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using MealPlanner.Client.Models;
using MealPlanner.Tests.Platform;
using MealPlanner.Tests.Unit;

namespace MealPlanner.Tests.Api;

/// <summary>The outside contract check: documented and boundary requests pass through Prism (<see cref="PrismProxy"/>),
/// which judges every request and answer against docs/api/openapi.json alone. The API must answer no 5xx, no answer
/// may fall outside the document (an undeclared status, a body or content type the schema does not describe), input
/// the API refuses must be outside the document too (the document declares the limit), and input the API takes must
/// be inside it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ContractConformanceTests(PlatformFixture platform)
{
    private const string Document = "docs/api/openapi.json";

    /// <summary>A recipe whose image only this class changes.</summary>
    private static readonly Guid TurkeyWrap = Guid.Parse("5a3f1c52-0b6e-4f1a-9c3e-000000000009");

    /// <summary>Whether the document should describe a probe's input: <see cref="Allowed"/> input the API takes (or
    /// refuses only for state, like an unknown id), <see cref="Outside"/> input that breaks a declared limit,
    /// <see cref="Either"/> where the document may or may not say it (a rule JSON Schema cannot express exactly).</summary>
    private enum Input { Allowed, Outside, Either }

    private sealed record Probe(string Name, HttpMethod Method, string Target, int Status, Input Input, HttpContent? Body = null);

    [Fact]
    public async Task Documented_and_boundary_requests_get_answers_inside_the_document()
    {
        await using var prism = await PrismProxy.StartAsync(Document, platform.App.GetEndpoint("api", "http"));
        using var recorder = new ContractRecorder(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() });
        using var http = ThroughProxy(prism, recorder, "198.51.100.10");

        var probes = await ProbesAsync(http);
        var findings = new List<string>();
        foreach (var probe in probes)
        {
            using var request = new HttpRequestMessage(probe.Method, probe.Target) { Content = probe.Body };
            using var response = await http.SendAsync(request);
            var exchange = recorder.Exchanges[^1];
            if ((int)response.StatusCode != probe.Status)
            {
                findings.Add($"{probe.Name}: {exchange} (expected {probe.Status}): {await response.Content.ReadAsStringAsync()}");
            }

            if (probe.Input == Input.Outside && exchange.FromApi && !exchange.RequestViolations.Any())
            {
                findings.Add($"{probe.Name}: {exchange}: the document allows this input, which the API refuses (declare the limit)");
            }

            if (probe.Input == Input.Allowed && exchange.RequestViolations.Any())
            {
                findings.Add($"{probe.Name}: {exchange}: the document refuses input the API takes: {string.Join("; ", exchange.RequestViolations)}");
            }
        }

        var limited = await RateLimitedAsync(prism, recorder);
        if (!limited)
        {
            findings.Add("rate limit: no 429 within 450 requests from one client");
        }

        var exchanges = recorder.Exchanges;
        findings.AddRange(exchanges.Where(e => !e.FromApi)
            .Select(e => $"{e}: answered by Prism, not the API (it could not forward the request)"));
        findings.AddRange(exchanges.Where(e => e.Status >= 500).Select(e => $"{e}: a server error"));
        findings.AddRange(exchanges.Where(e => e.ResponseViolations.Any()).GroupBy(e => $"{e.Method} {e.Status}: {string.Join("; ", e.ResponseViolations)}")
            .Select(g => $"{g.First()}: outside the document ({g.Count()}×): {string.Join("; ", g.First().ResponseViolations)}"));
        Assert.True(exchanges.Count > probes.Count, "the probes did not all pass through the proxy");
        Assert.True(findings.Count == 0,
            $"{findings.Count} contract finding(s) over {exchanges.Count} requests through Prism:\n{string.Join('\n', findings)}");
    }

    [Fact]
    public async Task The_generated_client_s_requests_and_the_answers_to_them_are_inside_the_document()
    {
        await using var prism = await PrismProxy.StartAsync(Document, platform.App.GetEndpoint("api", "http"));
        using var recorder = new ContractRecorder(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() });
        using var http = ThroughProxy(prism, recorder, "198.51.100.13");
        var client = GeneratedClientTests.CreateClient(http, prism.Address);

        string? cursor = null;
        var listed = new List<RecipeSummary>();
        do
        {
            var page = await client.Api.Recipes.GetAsync(c => (c.QueryParameters.Limit, c.QueryParameters.Cursor) = (4, cursor));
            listed.AddRange(page!.Items!);
            cursor = page.NextCursor;
        }
        while (cursor is not null && listed.Count < 1000);
        await client.Api.Recipes.GetAsync(c => (c.QueryParameters.Tag, c.QueryParameters.Q) = (listed[0].Tags![0], "a"));
        await client.Api.Recipes[listed[^1].Id!.Value].GetAsync();
        await Assert.ThrowsAsync<ProblemDetails>(() => client.Api.Recipes[Guid.NewGuid()].GetAsync());
        var ticket = await client.Api.Images.Uploads.PostAsync(
            new UploadRequest { ContentType = UploadRequest_contentType.ImagePng, Size = GeneratedClientTests.Png.Length });
        Assert.Equal(HttpStatusCode.OK, await GeneratedClientTests.UploadAsync(ticket!, GeneratedClientTests.Png, "image/png"));
        await client.Api.Recipes[TurkeyWrap].Images.PostAsync(new AttachRequest { Key = ticket!.Key });
        await client.Api.Session.Preferences.PutAsync(new Preferences { Units = Preferences_units.Metric, Servings = 2, DietaryTags = ["vegan"] });
        await client.Api.Session.Preferences.GetAsync();

        var exchanges = recorder.Exchanges;
        Assert.True(exchanges.Count >= 10, $"only {exchanges.Count} requests passed through Prism");
        var findings = exchanges.Where(e => !e.FromApi || e.Status >= 500 || e.Violations.Count > 0)
            .Select(e => $"{e}: {(e.FromApi ? "" : "answered by Prism; ")}{string.Join("; ", e.Violations)}").ToList();
        Assert.True(findings.Count == 0, $"{findings.Count} finding(s):\n{string.Join('\n', findings)}");
    }

    /// <summary>Found through Prism, whose keep-alive client sent its next request into the connection the API closes
    /// after refusing an oversized body unread ("socket hang up"): that answer must say the connection closes.</summary>
    [Fact]
    public async Task An_oversized_body_gets_its_413_and_the_connection_stays_usable()
    {
        // One connection for both requests: the 413 must arrive (not a reset while the body is still being sent), and
        // the connection must carry the next request (the API read and discarded the body instead of closing).
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = platform.App.GetEndpoint("api", "http") };
        http.DefaultRequestHeaders.Add("X-Forwarded-For", "198.51.100.14");

        using var response = await http.PostAsync("/api/images/uploads",
            new StringContent($$"""{"contentType":"{{new string('x', 70_000)}}","size":1}""", Encoding.UTF8, "application/json"));
        using var next = await http.GetAsync("/api/recipes?limit=1");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.True(response.Headers.ConnectionClose != true, $"the 413 closed the connection: {response.Headers}");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task The_checker_flags_an_answer_the_document_does_not_declare()
    {
        // A copy of the document that no longer declares GetRecipe's 404, and says a recipe's title is a number.
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(DotEnvSettingsTests.RepositoryRoot(), Document)))!;
        var getRecipe = document["paths"]!["/api/recipes/{id}"]!["get"]!;
        getRecipe["responses"]!.AsObject().Remove("404");
        var detail = document["components"]!["schemas"]!["RecipeDetail"]!["properties"]!["title"]!.AsObject();
        detail.Clear();
        detail["type"] = "integer";
        var altered = Path.Combine(Path.GetTempPath(), $"mealplanner-altered-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(altered, document.ToJsonString());
        try
        {
            await using var prism = await PrismProxy.StartAsync(altered, platform.App.GetEndpoint("api", "http"));
            using var recorder = new ContractRecorder(new SocketsHttpHandler());
            using var http = ThroughProxy(prism, recorder, "198.51.100.11");
            var id = (await http.GetFromJsonAsync<JsonElement>("/api/recipes?limit=1")).GetProperty("items")[0].GetProperty("id").GetString();

            using var unknown = await http.GetAsync($"/api/recipes/{Guid.NewGuid()}");
            using var known = await http.GetAsync($"/api/recipes/{id}");

            var exchanges = recorder.Exchanges;
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains(exchanges[1].ResponseViolations, v => v.Message.Contains("status code", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(HttpStatusCode.OK, known.StatusCode);
            Assert.Contains(exchanges[2].ResponseViolations, v => v.Location.Contains("title", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(altered);
        }
    }

    private static HttpClient ThroughProxy(PrismProxy prism, ContractRecorder recorder, string clientAddress)
    {
        var http = new HttpClient(recorder, disposeHandler: false) { BaseAddress = prism.Address, Timeout = TimeSpan.FromSeconds(30) };
        // Its own rate-limit budget (a TEST-NET-2 address the API trusts from loopback, where Prism connects from).
        http.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return http;
    }

    /// <summary>Documented requests and their boundaries, for every operation; ids and keys come from the running API.</summary>
    private static async Task<List<Probe>> ProbesAsync(HttpClient http)
    {
        var page = await http.GetFromJsonAsync<JsonElement>("/api/recipes?limit=100");
        var first = page.GetProperty("items")[0];
        var id = first.GetProperty("id").GetString()!;
        var tag = first.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).FirstOrDefault() ?? "vegetarian";
        var word = first.GetProperty("title").GetString()!.Split(' ')[0];
        var cursor = (await http.GetFromJsonAsync<JsonElement>("/api/recipes?limit=2")).GetProperty("nextCursor").GetString()!;
        var unknownKey = $"temp/{Guid.NewGuid():N}";
        var get = HttpMethod.Get;
        var post = HttpMethod.Post;
        var put = HttpMethod.Put;

        return
        [
            new("list", get, "/api/recipes", 200, Input.Allowed),
            new("list, limit 1", get, "/api/recipes?limit=1", 200, Input.Allowed),
            new("list, limit 100", get, "/api/recipes?limit=100", 200, Input.Allowed),
            new("list, next page", get, $"/api/recipes?limit=2&cursor={Uri.EscapeDataString(cursor)}", 200, Input.Allowed),
            new("list, tag", get, $"/api/recipes?tag={Uri.EscapeDataString(tag)}", 200, Input.Allowed),
            new("list, unknown tag", get, "/api/recipes?tag=no-such-tag", 200, Input.Allowed),
            new("list, q", get, $"/api/recipes?q={Uri.EscapeDataString(word)}", 200, Input.Allowed),
            new("list, q of 100", get, $"/api/recipes?q={new string('a', 100)}", 200, Input.Allowed),
            new("list, non-ASCII q", get, $"/api/recipes?q={Uri.EscapeDataString("crème brûlée")}", 200, Input.Allowed),
            new("list, limit 0", get, "/api/recipes?limit=0", 400, Input.Outside),
            new("list, limit 101", get, "/api/recipes?limit=101", 400, Input.Outside),
            new("list, limit -5", get, "/api/recipes?limit=-5", 400, Input.Outside),
            new("list, limit abc", get, "/api/recipes?limit=abc", 400, Input.Outside),
            new("list, limit past int32", get, "/api/recipes?limit=99999999999", 400, Input.Outside),
            new("list, q of 101", get, $"/api/recipes?q={new string('a', 101)}", 400, Input.Outside),
            new("list, q of 5000", get, $"/api/recipes?q={new string('b', 5000)}", 400, Input.Outside),
            new("list, NUL in q", get, "/api/recipes?q=so%00up", 400, Input.Outside),
            new("list, control character in q", get, "/api/recipes?q=so%01up", 400, Input.Outside),
            new("list, tag of 51", get, $"/api/recipes?tag={new string('t', 51)}", 400, Input.Outside),
            new("list, garbage cursor", get, "/api/recipes?cursor=not-a-cursor", 400, Input.Either),
            new("list, cursor of other characters", get, "/api/recipes?cursor=abc%21%2F", 400, Input.Outside),
            new("recipe", get, $"/api/recipes/{id}", 200, Input.Allowed),
            new("recipe, unknown id", get, $"/api/recipes/{Guid.NewGuid()}", 404, Input.Allowed),
            new("recipe, id not a UUID", get, "/api/recipes/not-a-uuid", 400, Input.Outside),
            new("upload ticket", post, "/api/images/uploads", 201, Input.Allowed, Json("""{"contentType":"image/png","size":1000}""")),
            new("upload ticket, GIF", post, "/api/images/uploads", 415, Input.Outside, Json("""{"contentType":"image/gif","size":1000}""")),
            new("upload ticket, 5 MiB + 1", post, "/api/images/uploads", 413, Input.Either, Json("""{"contentType":"image/png","size":5242881}""")),
            new("upload ticket, size 0", post, "/api/images/uploads", 400, Input.Outside, Json("""{"contentType":"image/png","size":0}""")),
            new("upload ticket, size -1", post, "/api/images/uploads", 400, Input.Outside, Json("""{"contentType":"image/png","size":-1}""")),
            new("upload ticket, no size", post, "/api/images/uploads", 400, Input.Outside, Json("""{"contentType":"image/png"}""")),
            new("upload ticket, unknown field", post, "/api/images/uploads", 400, Input.Outside, Json("""{"contentType":"image/png","size":1,"x":1}""")),
            new("upload ticket, wrong JSON type", post, "/api/images/uploads", 400, Input.Outside, Json("""{"contentType":5,"size":1000}""")),
            new("upload ticket, text/plain body", post, "/api/images/uploads", 415, Input.Outside,
                new StringContent("""{"contentType":"image/png","size":1000}""", Encoding.UTF8, "text/plain")),
            new("upload ticket, body over 64 KiB", post, "/api/images/uploads", 413, Input.Either,
                Json($$"""{"contentType":"{{new string('x', 70_000)}}","size":1}""")),
            new("attach, nothing uploaded", post, $"/api/recipes/{id}/images", 404, Input.Allowed, Json($$"""{"key":"{{unknownKey}}"}""")),
            new("attach, unknown recipe", post, $"/api/recipes/{Guid.NewGuid()}/images", 404, Input.Allowed, Json($$"""{"key":"{{unknownKey}}"}""")),
            new("attach, a key not handed out", post, $"/api/recipes/{id}/images", 400, Input.Outside, Json("""{"key":"../../etc/passwd"}""")),
            new("attach, no key", post, $"/api/recipes/{id}/images", 400, Input.Outside, Json("{}")),
            new("preferences", get, "/api/session/preferences", 200, Input.Allowed),
            new("preferences, put", put, "/api/session/preferences", 200, Input.Allowed,
                Json("""{"units":"metric","servings":4,"dietaryTags":["vegan"]}""")),
            new("preferences, unknown units", put, "/api/session/preferences", 400, Input.Outside,
                Json("""{"units":"furlongs","servings":4,"dietaryTags":[]}""")),
            new("preferences, servings 0", put, "/api/session/preferences", 400, Input.Outside,
                Json("""{"units":"metric","servings":0,"dietaryTags":[]}""")),
            new("preferences, 11 tags", put, "/api/session/preferences", 400, Input.Outside,
                Json($$"""{"units":"metric","servings":2,"dietaryTags":[{{string.Join(',', Enumerable.Range(0, 11).Select(i => $"\"t{i}\""))}}]}""")),
            new("preferences, tag of 31", put, "/api/session/preferences", 400, Input.Outside,
                Json($$"""{"units":"metric","servings":2,"dietaryTags":["{{new string('v', 31)}}"]}""")),
            new("version", get, "/version", 200, Input.Allowed),
        ];
    }

    /// <summary>Sends reads as one client until the API limits it, so the 429 answer is checked against the document too.</summary>
    private static async Task<bool> RateLimitedAsync(PrismProxy prism, ContractRecorder recorder)
    {
        using var http = ThroughProxy(prism, recorder, "198.51.100.12");
        for (var i = 0; i < 450; i++)
        {
            using var response = await http.GetAsync("/api/recipes?limit=1");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                return true;
            }
        }

        return false;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
