using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MealPlanner.Tests.Platform;

namespace MealPlanner.Tests.Api;

/// <summary>The statuses the OpenAPI document declares are the ones the API gives, both ways: every operation in the
/// served document is called validly and with each kind of bad request that can reach it, and (a) every status seen is
/// declared for that operation, (b) every declared status was seen or is in <see cref="NotProvokedHere"/>, which names
/// the test that provokes it. Every error body is checked against the problem schema the document declares for it.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenApiConformanceTests(PlatformFixture platform)
{
    /// <summary>A recipe only this test attaches images to (the image tests use others and check theirs).</summary>
    private const string GreekSalad = "5a3f1c52-0b6e-4f1a-9c3e-000000000005";

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>Declared statuses this test cannot provoke without a fault, and the test that does provoke them.</summary>
    private static readonly Dictionary<(string Operation, int Status), string> NotProvokedHere = new()
    {
        // PostgreSQL stopped: ReplicaAndPostgresFaultTests (503 problem with Retry-After, for reads).
        [("ListRecipes", 503)] = "ReplicaAndPostgresFaultTests",
        [("GetRecipe", 503)] = "ReplicaAndPostgresFaultTests",
        // No ConnectionStrings:storage: ImageEndpointsWithoutStorageTests (the storage filter); the store stopped:
        // StorageFaultTests.
        [("AttachRecipeImage", 503)] = "ImageEndpointsWithoutStorageTests, StorageFaultTests",
        [("CreateImageUpload", 503)] = "ImageEndpointsWithoutStorageTests",
        // Redis stopped or black-holed: RedisFaultTests (sessions answer 503).
        [("GetPreferences", 503)] = "RedisFaultTests",
        [("PutPreferences", 503)] = "RedisFaultTests",
    };

    /// <summary>A request to send; <paramref name="Expected"/>, when given, is the status it must get.</summary>
    private sealed record Probe(string Name, Func<Task<HttpRequestMessage>> Create, int? Expected = null);

    [Fact]
    public async Task Every_operation_answers_only_declared_statuses_and_every_declared_status_is_observed()
    {
        var document = await OpenApiDocumentTests.FetchAsync(platform);
        var operations = Operations(document).ToList();
        Assert.NotEmpty(operations);
        using var http = ApiClient.CreateAsOwnClient(platform);
        var failures = new List<string>();

        foreach (var (id, method, path, operation) in operations)
        {
            var declared = operation["responses"]!.AsObject().Select(r => int.Parse(r.Key)).ToHashSet();
            var observed = new HashSet<int>();
            var probes = ProbesFor(id, http).ToList();
            Assert.True(probes.Count > 0, $"no probes for {id}: add them to ProbesFor");
            var valid = probes[0];
            probes.AddRange(CommonProbes(valid, hasBody: operation["requestBody"] is not null));

            foreach (var probe in probes)
            {
                using var request = await probe.Create();
                Assert.Equal(method, request.Method.Method.ToLowerInvariant());
                using var response = await http.SendAsync(request);
                if (probe.Expected is { } expected && (int)response.StatusCode != expected)
                {
                    failures.Add($"{id} ({probe.Name}): expected {expected}, got {(int)response.StatusCode}");
                }

                await RecordAsync(document, operation, id, probe.Name, response, declared, observed, failures);
            }

            // The rate limit, with a client of its own: its cheapest request until the window is spent.
            using (var limited = ApiClient.CreateAsOwnClient(platform))
            {
                var cheapest = probes.Find(p => p.Name == "cheap") ?? valid;
                for (var i = 0; i < 1000 && !observed.Contains(429); i++)
                {
                    using var request = await cheapest.Create();
                    using var response = await limited.SendAsync(request);
                    await RecordAsync(document, operation, id, "rate limit", response, declared, observed, failures);
                }
            }

            foreach (var status in declared.Where(s => !observed.Contains(s) && !NotProvokedHere.ContainsKey((id, s))))
            {
                failures.Add($"{id}: declares {status}, which no probe provoked and no other test is named for");
            }

            foreach (var ((op, status), _) in NotProvokedHere.Where(n => n.Key.Operation == id && !declared.Contains(n.Key.Status)))
            {
                failures.Add($"{op}: NotProvokedHere lists {status}, which the document does not declare");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task The_problem_check_finds_undeclared_missing_and_mistyped_members()
    {
        var document = await OpenApiDocumentTests.FetchAsync(platform);
        var problem = JsonNode.Parse("""{"$ref":"#/components/schemas/ProblemDetails"}""")!;
        var validation = JsonNode.Parse("""{"$ref":"#/components/schemas/HttpValidationProblemDetails"}""")!;

        Assert.Empty(SchemaErrors(document, problem, JsonNode.Parse("""{"title":"t","status":404,"traceId":"x"}"""), "$"));
        Assert.Empty(SchemaErrors(document, validation, JsonNode.Parse("""{"title":"t","status":400,"errors":{"q":["m"]},"traceId":"x"}"""), "$"));
        Assert.NotEmpty(SchemaErrors(document, problem, JsonNode.Parse("""{"title":"t","status":404,"stackTrace":"at"}"""), "$"));
        Assert.NotEmpty(SchemaErrors(document, problem, JsonNode.Parse("""{"status":404}"""), "$"));
        Assert.NotEmpty(SchemaErrors(document, problem, JsonNode.Parse("""{"title":"t","status":"404"}"""), "$"));
        Assert.NotEmpty(SchemaErrors(document, validation, JsonNode.Parse("""{"title":"t","status":400,"errors":{"q":"m"}}"""), "$"));
    }

    private static async Task RecordAsync(JsonNode document, JsonNode operation, string id, string probe, HttpResponseMessage response,
        HashSet<int> declared, HashSet<int> observed, List<string> failures)
    {
        var status = (int)response.StatusCode;
        observed.Add(status);
        if (!declared.Contains(status))
        {
            failures.Add($"{id} ({probe}): answered {status}, which the document does not declare: {await response.Content.ReadAsStringAsync()}");
            return;
        }

        if (status < 400)
        {
            return;
        }

        var content = operation["responses"]![status.ToString()]!["content"]!.AsObject();
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (!content.ContainsKey(mediaType) || mediaType != "application/problem+json")
        {
            failures.Add($"{id} ({probe}): {status} came as '{mediaType}', declared {string.Join(", ", content.Select(c => c.Key))}");
            return;
        }

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var schema = Resolve(document, content[mediaType]!["schema"]!);
        foreach (var error in SchemaErrors(document, schema, body, "$"))
        {
            failures.Add($"{id} ({probe}): {status} body does not match its schema: {error}: {body.ToJsonString()}");
        }

        if (body["traceId"]?.GetValue<string>() is not { Length: > 0 })
        {
            failures.Add($"{id} ({probe}): {status} problem has no traceId: {body.ToJsonString()}");
        }
    }

    /// <summary>The requests every operation can be sent: its valid request spoiled in one way each.</summary>
    private static IEnumerable<Probe> CommonProbes(Probe valid, bool hasBody)
    {
        yield return new("control character in the query", async () => WithUri(await valid.Create(), uri => uri + (uri.Contains('?') ? "&" : "?") + "x=%01"), 400);
        yield return new("request target over 8 KiB", async () =>
            WithUri(await valid.Create(), uri => uri + (uri.Contains('?') ? "&" : "?") + "pad=" + new string('p', 8 * 1024)), 414);
        yield return new("headers over 16 KiB", async () =>
        {
            var request = await valid.Create();
            request.Headers.Add("X-Padding", new string('h', 16 * 1024 + 1));
            return request;
        }, 431);
        if (hasBody)
        {
            yield return new("body over 64 KiB", async () =>
            {
                var request = await valid.Create();
                request.Content = ApiClient.Json($$"""{"padding":"{{new string('x', 65 * 1024)}}"}""");
                return request;
            }, 413);
            yield return new("body not JSON", async () =>
            {
                var request = await valid.Create();
                request.Content = ApiClient.Json("units=metric", "text/plain");
                return request;
            }, 415);
            yield return new("malformed JSON", async () =>
            {
                var request = await valid.Create();
                request.Content = ApiClient.Json("{\"");
                return request;
            }, 400);
        }
    }

    /// <summary>The operation's own requests; the first is a valid one, "cheap" is the one the rate limit test repeats.</summary>
    private IEnumerable<Probe> ProbesFor(string operation, HttpClient http) => operation switch
    {
        "GetVersion" => [Get("valid", "/version", 200)],
        "ListRecipes" =>
        [
            Get("valid", "/api/recipes?limit=2&tag=vegetarian&q=a", 200),
            Get("limit out of range", "/api/recipes?limit=101", 400),
            Get("limit not a number", "/api/recipes?limit=ten", 400),
            Get("cursor not one the API returned", "/api/recipes?cursor=bm90LWEtY3Vyc29y", 400),
            Get("tag too long", $"/api/recipes?tag={new string('t', 51)}", 400),
        ],
        "GetRecipe" =>
        [
            Get("valid", $"/api/recipes/{RecipeTests.Bolognese}", 200),
            Get("id not a UUID", "/api/recipes/not-a-uuid", 400),
            Get("unknown id", $"/api/recipes/{Guid.Empty}", 404),
        ],
        "CreateImageUpload" =>
        [
            Post("valid", "/api/images/uploads", """{"contentType":"image/png","size":100}""", 201),
            Post("cheap", "/api/images/uploads", """{"contentType":"image/png","size":0}""", 400),
            Post("type not accepted", "/api/images/uploads", """{"contentType":"image/gif","size":100}""", 415),
            Post("type outside the enum's spelling", "/api/images/uploads", """{"contentType":"IMAGE/PNG","size":100}""", 415),
            Post("declared too large", "/api/images/uploads", """{"contentType":"image/png","size":999999999}""", 413),
            Post("unknown field", "/api/images/uploads", """{"contentType":"image/png","size":1,"x":1}""", 400),
        ],
        "AttachRecipeImage" =>
        [
            new("valid", async () => AttachRequest(GreekSalad, await UploadAsync(http, Png, "image/png")), 200),
            Post("cheap", $"/api/recipes/{GreekSalad}/images", """{"key":"../recipes/secret"}""", 400),
            Post("id not a UUID", "/api/recipes/42/images", $$"""{"key":"temp/{{Guid.NewGuid():N}}"}""", 400),
            new("unknown recipe", async () => AttachRequest(Guid.NewGuid().ToString(), $"temp/{Guid.NewGuid():N}"), 404),
            new("nothing uploaded", async () => AttachRequest(GreekSalad, $"temp/{Guid.NewGuid():N}"), 404),
            new("not an image", async () => AttachRequest(GreekSalad, await UploadAsync(http, "not a picture"u8.ToArray(), "image/png")), 422),
            new("too large", async () => AttachRequest(GreekSalad, await UploadAsync(http, [.. Png, .. new byte[5 * 1024 * 1024]], "image/png")), 413),
        ],
        "GetPreferences" => [Get("valid", "/api/session/preferences", 200)],
        "PutPreferences" =>
        [
            Put("valid", "/api/session/preferences", """{"units":"metric","servings":4,"dietaryTags":["vegan"]}""", 200),
            Put("cheap", "/api/session/preferences", """{"units":"kelvin","servings":4,"dietaryTags":[]}""", 400),
            Put("servings out of range", "/api/session/preferences", """{"units":"metric","servings":21,"dietaryTags":[]}""", 400),
            Put("blank tag", "/api/session/preferences", """{"units":"metric","servings":2,"dietaryTags":[" "]}""", 400),
            Put("units in capitals", "/api/session/preferences", """{"units":"METRIC","servings":2,"dietaryTags":[]}""", 400),
        ],
        _ => [],
    };

    private static Probe Get(string name, string uri, int expected) =>
        new(name, () => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, uri)), expected);

    private static Probe Post(string name, string uri, string json, int expected) =>
        new(name, () => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, uri) { Content = ApiClient.Json(json) }), expected);

    private static Probe Put(string name, string uri, string json, int expected) =>
        new(name, () => Task.FromResult(new HttpRequestMessage(HttpMethod.Put, uri) { Content = ApiClient.Json(json) }), expected);

    private static HttpRequestMessage AttachRequest(string recipe, string key) =>
        new(HttpMethod.Post, $"/api/recipes/{recipe}/images") { Content = JsonContent.Create(new { key }) };

    private static HttpRequestMessage WithUri(HttpRequestMessage request, Func<string, string> change)
    {
        request.RequestUri = new Uri(change(request.RequestUri!.OriginalString), UriKind.Relative);
        return request;
    }

    /// <summary>Gets a ticket and PUTs the bytes to its presigned URL, as a browser would; returns the key.</summary>
    private static async Task<string> UploadAsync(HttpClient http, byte[] bytes, string contentType)
    {
        using var ticketResponse = await http.PostAsJsonAsync("/api/images/uploads", new { contentType, size = Math.Min(bytes.Length, 1000) });
        var ticket = await ticketResponse.ReadJsonAsync();
        using var storage = new HttpClient();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var put = await storage.PutAsync(ticket.GetProperty("uploadUrl").GetString(), content);
        Assert.True(put.IsSuccessStatusCode, $"upload to storage answered {(int)put.StatusCode}");
        return ticket.GetProperty("key").GetString()!;
    }

    private static IEnumerable<(string Id, string Method, string Path, JsonNode Operation)> Operations(JsonNode document) =>
        from path in document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        select (operation.Value!["operationId"]!.GetValue<string>(), operation.Key, path.Key, operation.Value!);

    private static JsonNode Resolve(JsonNode document, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference
            ? document["components"]!["schemas"]![reference.Split('/')[^1]]!
            : schema;

    /// <summary>The parts of JSON Schema the problem schemas use: type, required, properties, additionalProperties,
    /// items, minimum, maximum. Anything else in a schema fails, so a schema that grows beyond this is noticed.</summary>
    internal static IEnumerable<string> SchemaErrors(JsonNode document, JsonNode schema, JsonNode? value, string at)
    {
        schema = Resolve(document, schema);
        var known = new[] { "type", "required", "properties", "additionalProperties", "items", "minimum", "maximum", "format", "description" };
        foreach (var keyword in schema.AsObject().Select(k => k.Key).Where(k => !known.Contains(k)))
        {
            yield return $"{at}: the schema uses '{keyword}', which this check does not know";
        }

        var types = schema["type"] switch
        {
            JsonArray array => array.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue single => [single.GetValue<string>()],
            _ => [],
        };
        var actual = value?.GetValueKind() switch
        {
            null or JsonValueKind.Null => "null",
            JsonValueKind.Object => "object",
            JsonValueKind.Array => "array",
            JsonValueKind.String => "string",
            JsonValueKind.Number => value.ToJsonString().Contains('.') ? "number" : "integer",
            _ => "boolean",
        };
        if (types.Count > 0 && !types.Contains(actual) && !(actual == "integer" && types.Contains("number")))
        {
            yield return $"{at}: {actual}, the schema wants {string.Join(" or ", types)}";
            yield break;
        }

        if (actual is "integer" or "number")
        {
            var number = value!.GetValue<double>();
            if (schema["minimum"] is { } min && number < double.Parse(min.ToJsonString().Trim('"'), System.Globalization.CultureInfo.InvariantCulture) ||
                schema["maximum"] is { } max && number > double.Parse(max.ToJsonString().Trim('"'), System.Globalization.CultureInfo.InvariantCulture))
            {
                yield return $"{at}: {number} is out of the schema's range";
            }
        }

        if (value is JsonObject obj)
        {
            var properties = schema["properties"]?.AsObject();
            foreach (var required in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
            {
                if (!obj.ContainsKey(required))
                {
                    yield return $"{at}: required '{required}' is missing";
                }
            }

            foreach (var (name, member) in obj)
            {
                if (properties?[name] is { } declared)
                {
                    foreach (var error in SchemaErrors(document, declared, member, $"{at}.{name}"))
                    {
                        yield return error;
                    }
                }
                else if (schema["additionalProperties"] is JsonValue allowed && !allowed.GetValue<bool>())
                {
                    yield return $"{at}: '{name}' is not a declared property and the schema forbids others";
                }
                else if (schema["additionalProperties"] is JsonObject additional)
                {
                    foreach (var error in SchemaErrors(document, additional, member, $"{at}.{name}"))
                    {
                        yield return error;
                    }
                }
            }
        }

        if (value is JsonArray items && schema["items"] is { } itemSchema)
        {
            for (var i = 0; i < items.Count; i++)
            {
                foreach (var error in SchemaErrors(document, itemSchema, items[i], $"{at}[{i}]"))
                {
                    yield return error;
                }
            }
        }
    }
}
