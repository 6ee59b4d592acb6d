namespace MealPlanner.AppHost;

public static class ConnectionReferences
{
    /// <summary>
    /// A reference hands a project only <c>ConnectionStrings__{name}</c>. Aspire 13 also hands the parts of each stock
    /// resource's connection (<c>MEALPLANNER_PASSWORD</c>, <c>MEALPLANNER_URI</c>, <c>CACHE_PASSWORD</c>...), but not
    /// of the processes-mode servers: our programs read only connection strings, the copies spread every password
    /// over more variables (and into the deployer's input), and they made the two local modes' environments differ.
    /// Call it before the references: each reference reads it when it is added.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithConnectionStringsOnly(this IResourceBuilder<ProjectResource> project) =>
        project.WithReferenceEnvironment(ReferenceEnvironmentInjectionFlags.ConnectionString);
}
