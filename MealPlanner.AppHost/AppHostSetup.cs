using MealPlanner.AppHost.LocalProcesses;
using MealPlanner.AppHost.LocalRuntime;

namespace MealPlanner.AppHost;

/// <summary>What the AppHost decides before it adds a resource: settings from <c>.env</c>, the local runtime,
/// and the data folder of processes mode.</summary>
public static class AppHostSetup
{
    /// <summary>The argument that empties processes-mode data before the servers start: <c>--wipe-data true</c>.</summary>
    public const string WipeDataArgument = "wipe-data";

    /// <summary>Aspire's setting for the container runtime DCP uses.</summary>
    public const string ContainerRuntimeSetting = "ASPIRE_CONTAINER_RUNTIME";

    /// <summary>
    /// Reads <c>.env</c> at the repository root, when present, into configuration, below the command line and
    /// the real environment (which win). Keys use configuration's double underscore:
    /// <c>Parameters__postgres-password=...</c>, <c>LocalRuntime=processes</c>.
    /// </summary>
    public static IDistributedApplicationBuilder AddDotEnvFile(this IDistributedApplicationBuilder builder)
    {
        var path = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".env"));
        if (!File.Exists(path))
        {
            return builder;
        }

        var settings = DotEnvSettings.Read(path, builder.Configuration);
        builder.Configuration.AddInMemoryCollection(settings);
        Console.WriteLine($"info: settings: read {settings.Count} key(s) from {path}");
        return builder;
    }

    public static LocalRuntimeChoice SelectLocalRuntime(this IDistributedApplicationBuilder builder)
    {
        var choice = LocalRuntimeSelector.Select(
            builder.Configuration[LocalRuntimeSelector.SettingName],
            builder.ExecutionContext.IsPublishMode,
            new ContainerRuntimeProbe());

        if (choice.ContainerRuntime is not null)
        {
            builder.Configuration[ContainerRuntimeSetting] = choice.ContainerRuntime;
        }
        else if (choice.Mode == LocalRuntimeMode.Processes && string.IsNullOrEmpty(builder.Configuration[ContainerRuntimeSetting]) &&
                 LocalRuntimeSelector.RuntimeDcpCannotReach(ServerBinaries.IsOnPath) is { } unreachable)
        {
            builder.Configuration[ContainerRuntimeSetting] = unreachable;
        }

        Console.WriteLine($"info: LocalRuntime: {choice.Mode.ToString().ToLowerInvariant()} ({choice.Reason})");
        return choice;
    }

    public static LocalDataFolder PrepareLocalDataFolder(this IDistributedApplicationBuilder builder, LocalRuntimeChoice runtime)
    {
        var data = LocalDataFolder.FromConfiguration(builder.Configuration);
        if (runtime.Mode != LocalRuntimeMode.Processes)
        {
            return data;
        }

        if (bool.TryParse(builder.Configuration[WipeDataArgument], out var wipe) && wipe)
        {
            data.WipeAll();
            Console.WriteLine($"info: LocalData: wiped {data.Root}");
        }

        data.EnsureCreated();

        return data;
    }
}
