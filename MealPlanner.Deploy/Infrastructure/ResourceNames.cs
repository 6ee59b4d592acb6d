namespace MealPlanner.Deploy.Infrastructure;

/// <summary>
/// Physical names that cross a stack boundary: the registry stack's deploy role is scoped to resources of
/// the platform stack by name (it is deployed first, so it cannot reference them), and the pipeline's
/// scripts read the stack outputs by these output keys.
/// </summary>
public static class ResourceNames
{
    public static string Cluster(string environmentName) => $"meal-planner-{environmentName}";
    public static string Service(string environmentName, string project) => $"meal-planner-{environmentName}-{project}";
    public static string DatabaseInstance(string environmentName) => $"meal-planner-{environmentName}-db";
    public static string DeployRole(string environmentName) => $"meal-planner-{environmentName}-deploy";

    /// <summary>Image tags deployed successfully, newest first, comma-separated; written by the deploy script.</summary>
    public static string DeployHistoryParameter(string environmentName) => $"/meal-planner/{environmentName}/deployed-tags";

    /// <summary>Manual snapshots the migration gate takes before migrating: this prefix + a suffix of its choice.</summary>
    public static string PreDeploySnapshotPrefix(string environmentName) => $"meal-planner-{environmentName}-pre-";

    /// <summary>A project's output key: "api" + "RepositoryUri" = "ApiRepositoryUri", "my-admin" = "MyAdmin...".</summary>
    public static string OutputKey(string project, string suffix) =>
        string.Concat(project.Split('-', '_', '.').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..])) + suffix;
}
