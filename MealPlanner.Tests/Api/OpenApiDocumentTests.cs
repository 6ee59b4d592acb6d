using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MealPlanner.Tests.Platform;
using MealPlanner.Tests.Unit;

namespace MealPlanner.Tests.Api;

/// <summary>The OpenAPI document the running API serves is the one committed at <c>docs/api/openapi.json</c>: a change
/// to what the API declares shows up in review as a change to that file, and clients generated from the file match
/// the API. <see cref="UpdateVariable"/>=1 makes the test write the served document instead of comparing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OpenApiDocumentTests(PlatformFixture platform)
{
    public const string UpdateVariable = "MEALPLANNER_UPDATE_OPENAPI";
    public const string UpdateCommand = "scripts/update-openapi.sh";

    public static string CommittedPath { get; } = Path.Combine(DotEnvSettingsTests.RepositoryRoot(), "docs", "api", "openapi.json");

    /// <summary>Indented, with '+', '&lt;' and non-ASCII text left readable, ending in a newline: how the file is kept.</summary>
    private static readonly JsonSerializerOptions FileFormat = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal static async Task<JsonNode> FetchAsync(PlatformFixture platform)
    {
        using var http = ApiClient.Create(platform);
        using var response = await http.GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /openapi/v1.json answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    internal static string Format(JsonNode document) => document.ToJsonString(FileFormat) + "\n";

    [Fact]
    public async Task The_served_document_is_the_committed_one()
    {
        var served = Format(await FetchAsync(platform));

        if (System.Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, served);
            return;
        }

        var committed = File.Exists(CommittedPath) ? await File.ReadAllTextAsync(CommittedPath) : "";
        if (committed.ReplaceLineEndings("\n") != served)
        {
            var (line, expected, actual) = FirstDifference(committed.ReplaceLineEndings("\n"), served);
            Assert.Fail($"docs/api/openapi.json differs from what the API serves at /openapi/v1.json (line {line}: " +
                $"committed `{expected}`, served `{actual}`). Regenerate it with: {UpdateCommand}");
        }
    }

    private static (int Line, string Expected, string Actual) FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end of file>";
            var a = i < actualLines.Length ? actualLines[i] : "<end of file>";
            if (e != a)
            {
                return (i + 1, e.Trim(), a.Trim());
            }
        }

        return (0, "", "");
    }
}
