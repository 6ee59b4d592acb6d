using System.Reflection;

namespace MealPlanner.AppHost;

/// <summary>
/// Starts a project from its build output instead of through DCP's <c>dotnet run --no-build</c>. That wrapper loads
/// MSBuild and evaluates the project on every start before the program itself runs, and in this graph it runs twice in
/// a row on the way to a healthy API (the migration worker, then the API). <c>--no-build</c> already meant "run what is
/// built", so the program started is the same one.
/// </summary>
public static class BuiltProjectLaunch
{
    /// <summary>Runs the built executable when there is one; otherwise (not built, or an IDE session that launches
    /// projects itself) leaves Aspire's launch as it is. Publish mode is untouched: the manifest describes the project.</summary>
    public static IResourceBuilder<ProjectResource> RunBuiltOutput(this IResourceBuilder<ProjectResource> project)
    {
        var builder = project.ApplicationBuilder;
        // An IDE's debug session launches projects itself; it needs Aspire's project launch configuration.
        if (!builder.ExecutionContext.IsRunMode || !string.IsNullOrEmpty(builder.Configuration["DEBUG_SESSION_PORT"]))
        {
            return project;
        }

        var projectPath = project.Resource.GetProjectMetadata().ProjectPath;
        var executable = FindExecutable(projectPath, AppHostBuildConfiguration());
        if (executable is not null)
        {
            project.Resource.Annotations.Add(new ExecutableAnnotation
            {
                Command = executable,
                WorkingDirectory = Path.GetDirectoryName(projectPath)!, // where `dotnet run` runs it: the content root
            });
        }

        return project;
    }

    /// <summary>The native launcher the SDK writes next to the project's dll (<c>bin/{configuration}/{tfm}/{name}</c>),
    /// or null when the project has not been built in that configuration.</summary>
    public static string? FindExecutable(string projectPath, string configuration)
    {
        var name = Path.GetFileNameWithoutExtension(projectPath);
        var output = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration);
        if (!Directory.Exists(output))
        {
            return null;
        }

        var launcher = OperatingSystem.IsWindows() ? name + ".exe" : name;
        return Directory.EnumerateDirectories(output)
            .Where(framework => File.Exists(Path.Combine(framework, name + ".dll")))
            .Select(framework => Path.Combine(framework, launcher))
            .Where(File.Exists)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .FirstOrDefault();
    }

    // Aspire passes the AppHost's own configuration to `dotnet run --configuration`; the same folder is used here.
    private static string AppHostBuildConfiguration() =>
        typeof(BuiltProjectLaunch).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
}
