namespace MealPlanner.Deploy.Infrastructure;

/// <summary>Stack output keys: the pipeline's scripts read outputs by these keys (describe-stacks), never by export.</summary>
public static class OutputKeys
{
    /// <summary>A project's output key: "api" + "RepositoryUri" = "ApiRepositoryUri", "my-admin" = "MyAdmin...".</summary>
    public static string Of(string project, string suffix) =>
        string.Concat(project.Split('-', '_', '.').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..])) + suffix;
}
