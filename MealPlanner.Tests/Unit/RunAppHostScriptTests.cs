using System.Text.Json;
using System.Text.RegularExpressions;

namespace MealPlanner.Tests.Unit;

/// <summary>scripts/run-apphost.sh starts the built AppHost without <c>dotnet run</c>, so it must set what the
/// <c>http</c> launch profile sets; this keeps the two in step.</summary>
public sealed partial class RunAppHostScriptTests
{
    [Fact]
    public void The_script_exports_exactly_the_http_launch_profile_settings()
    {
        var root = DotEnvSettingsTests.RepositoryRoot();
        using var launchSettings = JsonDocument.Parse(File.ReadAllText(
            Path.Combine(root, "MealPlanner.AppHost", "Properties", "launchSettings.json")));
        var profile = launchSettings.RootElement.GetProperty("profiles").GetProperty("http");
        var expected = profile.GetProperty("environmentVariables").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetString());
        expected["ASPNETCORE_URLS"] = profile.GetProperty("applicationUrl").GetString();

        var exported = ExportLine().Matches(File.ReadAllText(Path.Combine(root, "scripts", "run-apphost.sh")))
            .ToDictionary(m => m.Groups["key"].Value, m => (string?)m.Groups["value"].Value);

        Assert.Equal(expected.OrderBy(p => p.Key), exported.OrderBy(p => p.Key));
    }

    [GeneratedRegex(@"^export (?<key>[A-Z_]+)=(?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex ExportLine();
}
