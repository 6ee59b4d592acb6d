using Amazon.CDK;
using MealPlanner.Deploy.Manifest;
using MealPlanner.Deploy.Mapping;
using MealPlanner.Deploy.Settings;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>Builds the CDK app for one environment: the registry stack, then the platform stack.</summary>
public sealed class DeploymentApp
{
    public required App App { get; init; }
    public required DeploymentPlan Plan { get; init; }
    public required RegistryStack Registry { get; init; }
    public required PlatformStack Platform { get; init; }

    /// <summary>
    /// Worth a look but not wrong, printed to stderr by the tool. Not CDK warning annotations: those make
    /// `cdk synth --strict` fail, and the committed settings leave the alert endpoints to the operator.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public static DeploymentApp Create(DeployOptions options)
    {
        var manifest = ManifestReader.Load(options.ManifestPath);
        var settings = DeploySettings.Load(options.SettingsPath, options.Environment);
        if (options.ImageTag is { Length: > 0 } tag)
        {
            settings.ImageTag = tag;
        }

        return Create(manifest, settings, options.Environment, options.OutputDirectory);
    }

    public static DeploymentApp Create(AspireManifest manifest, DeploySettings settings, DeploymentEnvironment environment, string? outputDirectory = null)
    {
        var plan = DeploymentPlan.Create(manifest, settings, environment);
        // Who may deploy is checked before any construct exists, like the manifest.
        settings.GitHub.RepositoryFor(environment);
        DomainPlan.Create(plan);
        foreach (var service in plan.WebServices)
        {
            ScalingLimits.For(service, environment);
        }

        var app = new App(new AppProps { Outdir = outputDirectory });
        var env = new Amazon.CDK.Environment
        {
            // No account needed to synthesize; `cdk deploy` fills it from the caller's credentials.
            Account = settings.Account is { Length: > 0 } account ? account : System.Environment.GetEnvironmentVariable("CDK_DEFAULT_ACCOUNT"),
            Region = settings.Region,
        };
        var tags = new Dictionary<string, string> { ["project"] = "meal-planner", ["environment"] = environment.Name };

        var registry = new RegistryStack(app, environment.RegistryStackName, plan, new StackProps
        {
            Env = env,
            Tags = tags,
            Description = $"MealPlanner {environment}: container registries",
        });
        var platform = new PlatformStack(app, environment.PlatformStackName, plan, new StackProps
        {
            Env = env,
            Tags = tags,
            Description = $"MealPlanner {environment}: network, database, cache, storage, services, monitoring (from {Path.GetFileName(manifest.SourcePath)})",
            TerminationProtection = environment.IsProduction,
        });
        platform.AddDependency(registry, "services pull their images from the registries");

        return new DeploymentApp { App = app, Plan = plan, Registry = registry, Platform = platform, Warnings = WarningsFor(settings, environment) };
    }

    public static IReadOnlyList<string> WarningsFor(DeploySettings settings, DeploymentEnvironment environment) =>
        settings.Alerts is { Email: { Length: > 0 } } or { PagerDutyUrl: { Length: > 0 } }
            ? []
            : [$"{environment.SettingsFile}: \"alerts\" has no \"email\" and no \"pagerDutyUrl\"; alarms reach the topic {environment.ResourceName("alerts")} and nobody else (see docs/deploy/settings.md)"];
}
