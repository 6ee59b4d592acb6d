using MealPlanner.Deploy.Manifest;

namespace MealPlanner.Deploy.Mapping;

/// <summary>
/// The rules that decide what a manifest resource becomes. Containers are recognised by image
/// (the AppHost's stock resources pin them), projects by whether they serve HTTP.
/// </summary>
public static class MappingRules
{
    public static BackingKind KindOf(ManifestResource container, string file)
    {
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

        if (container.Name == "storage" || S3Stores.Any(store => image.Contains(store, StringComparison.OrdinalIgnoreCase)))
        {
            return BackingKind.Storage;
        }

        throw new DeployProblem($"{file}: container '{container.Name}' (image '{image}') has no AWS mapping; supported: postgres -> RDS, pgbouncer -> RDS Proxy, redis -> ElastiCache, storage/s3mock/minio -> S3 + CloudFront");
    }

    /// <summary>S3-compatible stores a manifest may run locally: S3Mock (the AppHost's), and MinIO (older manifests).</summary>
    private static readonly string[] S3Stores = ["s3mock", "minio"];

    public static ProjectRole RoleOf(ManifestResource project) =>
        project.Bindings.Values.Any(b => b.Scheme is "http" or "https")
            ? ProjectRole.WebService
            : ProjectRole.OneOffTask;
}
