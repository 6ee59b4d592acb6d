using MealPlanner.Deploy.Manifest;

namespace MealPlanner.Deploy.Mapping;

/// <summary>
/// The rules that decide what a manifest resource becomes. An S3-compatible store is recognised by the shape of its
/// connection string, the database, pooler and cache by image (the AppHost's stock resources pin them); a project by
/// its HTTP binding or its "lifecycle" marker.
/// </summary>
public static class MappingRules
{
    /// <summary>The manifest value of a project's "lifecycle" that makes it a one-off task.</summary>
    public const string RunToCompletion = "runToCompletion";

    /// <summary>The keywords that make a container's connection string an S3-compatible store's:
    /// <c>Endpoint={url};Bucket={name}[;Region=..][;PublicBaseUrl=..][;ForcePathStyle=..][;AccessKey=..;SecretKey=..]</c>.</summary>
    public static readonly IReadOnlyList<string> ObjectStoreKeywords = ["Endpoint", "Bucket"];

    public static BackingKind KindOf(ManifestResource container, string file)
    {
        if (IsObjectStore(container.ConnectionString))
        {
            return BackingKind.Storage;
        }

        var image = container.Image ?? "";
        // pgbouncer first: its images are often built on postgres ones and mention both.
        if (image.Contains("pgbouncer", StringComparison.OrdinalIgnoreCase))
        {
            return BackingKind.Pooler;
        }

        if (image.Contains("postgres", StringComparison.OrdinalIgnoreCase))
        {
            return BackingKind.Postgres;
        }

        if (image.Contains("redis", StringComparison.OrdinalIgnoreCase) || image.Contains("valkey", StringComparison.OrdinalIgnoreCase))
        {
            return BackingKind.Redis;
        }

        throw new DeployProblem($"{file}: container '{container.Name}' (image '{image}') has no AWS mapping; supported: postgres -> RDS, pgbouncer -> RDS Proxy, redis -> ElastiCache, a connection string with Endpoint=...;Bucket=... -> S3 + CloudFront");
    }

    /// <summary>Whether a connection string names every keyword of <see cref="ObjectStoreKeywords"/>.</summary>
    public static bool IsObjectStore(string? connectionString)
    {
        var keywords = (connectionString ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(segment => segment.Contains('='))
            .Select(segment => segment[..segment.IndexOf('=')].Trim())
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return ObjectStoreKeywords.All(keywords.Contains);
    }

    /// <summary>HTTP makes a web service; the run-to-completion marker a one-off task; neither a background service.
    /// A project is never guessed to run to completion: a worker that exits would otherwise be restarted forever, and
    /// a service mistaken for one would gate the deployment until it timed out.</summary>
    public static ProjectRole RoleOf(ManifestResource project, string file)
    {
        var servesHttp = project.Bindings.Values.Any(b => b.Scheme is "http" or "https");
        return project.Lifecycle switch
        {
            null => servesHttp ? ProjectRole.WebService : ProjectRole.BackgroundService,
            RunToCompletion when servesHttp => throw new DeployProblem($"{file}: project '{project.Name}' is marked \"lifecycle\": \"{RunToCompletion}\" but has an http binding; a task that exits serves no traffic, so remove one of the two"),
            RunToCompletion => ProjectRole.OneOffTask,
            var other => throw new DeployProblem($"{file}: project '{project.Name}' has \"lifecycle\": \"{other}\"; the deployer understands only \"{RunToCompletion}\" (or no lifecycle for a long-running service)"),
        };
    }
}
