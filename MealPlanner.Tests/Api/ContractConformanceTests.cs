using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
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
}
