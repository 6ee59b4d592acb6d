using System.Reflection;

namespace MealPlanner.Api.Versioning;

/// <summary><c>GET /version</c>: which build is running. Deploy smoke tests compare its commit with the one they shipped.</summary>
public static class VersionEndpoint
{
    public sealed record BuildInfo(string Commit, string BuiltAt, string Version);

    public static BuildInfo Current { get; } = Read(typeof(VersionEndpoint).Assembly);

    public static IEndpointRouteBuilder MapVersion(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/version", () => TypedResults.Ok(Current))
            .WithName("GetVersion")
            .WithTags("Operations")
            .WithSummary("Which build is running")
            .WithDescription("The commit, build time and version of the API build that answered. Deploy smoke tests " +
                "compare its commit with the one they shipped.");
        return routes;
    }

    internal static BuildInfo Read(Assembly assembly)
    {
        var metadata = assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .ToDictionary(a => a.Key, a => a.Value ?? "");
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        return new BuildInfo(
            Commit: Value(metadata, "CommitSha"),
            BuiltAt: Value(metadata, "BuildTimeUtc"),
            Version: version.Split('+')[0]);
    }

    private static string Value(Dictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) && value.Length > 0 ? value : "unknown";
}
