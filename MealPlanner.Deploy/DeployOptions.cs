namespace MealPlanner.Deploy;

/// <summary>Command line: --env staging|production [--manifest PATH] [--settings PATH] [--image-tag TAG] [--output DIR].</summary>
public sealed record DeployOptions(DeploymentEnvironment Environment, string ManifestPath, string SettingsPath, string? ImageTag, string OutputDirectory)
{
    private const string Usage = "usage: dotnet run --project MealPlanner.Deploy -- --env staging|production [--manifest PATH] [--settings PATH] [--image-tag TAG]";

    public static DeployOptions Parse(IReadOnlyList<string> args, string workingDirectory)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Count; i++)
        {
            var key = args[i];
            if (key is not ("--env" or "--manifest" or "--settings" or "--image-tag" or "--output") || i + 1 >= args.Count)
            {
                throw new DeployProblem($"unexpected argument '{key}'; {Usage}");
            }

            values[key] = args[++i];
        }

        // cdk.json runs the app without arguments: the CDK context / environment chooses then.
        var env = DeploymentEnvironment.Of(values.GetValueOrDefault("--env") ?? EnvironmentFromCdkContext() ?? "", $"; {Usage}");

        var root = FindRepositoryRoot(workingDirectory);
        return new DeployOptions(
            env,
            Path.GetFullPath(values.GetValueOrDefault("--manifest") ?? Path.Combine(root, "aspire-manifest.json"), workingDirectory),
            Path.GetFullPath(values.GetValueOrDefault("--settings") ?? DefaultSettingsPath(root, env.Name), workingDirectory),
            values.GetValueOrDefault("--image-tag") ?? System.Environment.GetEnvironmentVariable("IMAGE_TAG"),
            // The CDK CLI passes CDK_OUTDIR; run directly, the assembly goes to cdk.out at the root like the CLI's.
            Path.GetFullPath(values.GetValueOrDefault("--output")
                ?? System.Environment.GetEnvironmentVariable("CDK_OUTDIR")
                ?? Path.Combine(root, "cdk.out"), workingDirectory));
    }

    // `npx cdk synth -c env=production` reaches the app as CDK_CONTEXT_JSON (cdk.json holds the default).
    private static string? EnvironmentFromCdkContext()
    {
        var json = System.Environment.GetEnvironmentVariable("CDK_CONTEXT_JSON");
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using var context = System.Text.Json.JsonDocument.Parse(json);
        return context.RootElement.TryGetProperty("env", out var env) ? env.GetString() : null;
    }

    /// <summary>The repository root (where MealPlanner.sln lives), so the tool works from any sub folder.</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MealPlanner.sln")))
            {
                return dir.FullName;
            }
        }

        return start;
    }

    private static string DefaultSettingsPath(string root, string env)
    {
        var inRepository = Path.Combine(root, "MealPlanner.Deploy", "settings", $"{env}.json");
        return File.Exists(inRepository) ? inRepository : Path.Combine(AppContext.BaseDirectory, "settings", $"{env}.json");
    }
}
