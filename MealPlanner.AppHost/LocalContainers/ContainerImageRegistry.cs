namespace MealPlanner.AppHost.LocalContainers;

/// <summary>
/// One setting, <c>ContainerImages:Registry</c>, replaces the registry host of every public image the AppHost runs,
/// keeping each image's path and tag: <c>docker.io/library/postgres:15</c> becomes
/// <c>localhost/mealplanner/library/postgres:15</c>. Empty (the default) means the official images. It serves
/// machines that cannot reach the public registries (a mirror, or the local stand-ins that
/// <c>scripts/docker/build-images.sh --stand-ins</c> builds). The manifest always names the official images.
/// </summary>
public static class ContainerImageRegistry
{
    public const string SettingName = "ContainerImages:Registry";

    /// <summary>Call after every container resource is added.</summary>
    public static IDistributedApplicationBuilder UseContainerImageRegistry(this IDistributedApplicationBuilder builder)
    {
        var registry = Normalize(builder.Configuration[SettingName]);
        if (registry is null || !builder.ExecutionContext.IsRunMode)
        {
            return builder;
        }

        var containers = builder.Resources.OfType<ContainerResource>().ToList();
        foreach (var container in containers)
        {
            builder.CreateResourceBuilder(container).WithImageRegistry(registry);
        }

        if (containers.Count > 0)
        {
            Console.WriteLine($"info: {SettingName}: {containers.Count} image(s) from {registry}");
        }

        return builder;
    }

    /// <summary>The registry without a trailing slash or scheme, or null when none is set.</summary>
    public static string? Normalize(string? setting)
    {
        var registry = setting?.Trim().TrimEnd('/');
        if (string.IsNullOrEmpty(registry))
        {
            return null;
        }

        if (registry.Contains("://", StringComparison.Ordinal) || registry.Contains(' ', StringComparison.Ordinal))
        {
            throw new AppHostSetupException(
                $"{SettingName}='{setting}' is not a registry: give a host and optional path without a scheme, e.g. localhost/mealplanner or registry.example.com:5000/mirror.");
        }

        return registry;
    }
}
