namespace MealPlanner.AppHost.LocalContainers;

/// <summary>
/// Names of the containers-mode data volumes: <c>{prefix}-{resource}-data</c>, with the prefix from
/// <c>ContainerVolumes:Prefix</c> (default <c>mealplanner</c>). Named volumes outlive the containers, so data
/// survives an AppHost restart; a test run sets its own prefix so that its fresh passwords meet fresh data.
/// </summary>
public static class ContainerVolumes
{
    public const string PrefixSetting = "ContainerVolumes:Prefix";
    public const string DefaultPrefix = "mealplanner";

    public static string For(IConfiguration configuration, string resourceName)
    {
        var prefix = configuration[PrefixSetting]?.Trim();
        return $"{(string.IsNullOrEmpty(prefix) ? DefaultPrefix : prefix)}-{resourceName}-data";
    }
}
