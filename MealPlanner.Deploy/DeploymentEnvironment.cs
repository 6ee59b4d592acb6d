namespace MealPlanner.Deploy;

/// <summary>
/// The environment being deployed, and every name derived from it. Physical names cross stack boundaries (the
/// registry stack's deploy role is scoped to platform resources by name) and are read by the pipeline's scripts,
/// so they are built here, once, instead of from the environment's name wherever one is needed.
/// </summary>
public sealed record DeploymentEnvironment
{
    public static readonly IReadOnlyList<string> Names = ["staging", "production"];

    private DeploymentEnvironment(string name) => Name = name;

    /// <summary>staging or production.</summary>
    public string Name { get; }

    /// <summary>Production keeps what staging may lose: deletion and termination protection, a second NAT gateway.</summary>
    public bool IsProduction => Name == "production";

    /// <summary>"Staging" or "Production": stack names and descriptions.</summary>
    public string Title => char.ToUpperInvariant(Name[0]) + Name[1..];

    /// <summary>Where this environment's settings live, as messages name the file.</summary>
    public string SettingsFile => $"settings/{Name}.json";

    public string PlatformStackName => $"MealPlanner-{Title}";
    public string RegistryStackName => $"MealPlanner-{Title}-Registry";

    /// <summary>The prefix of every physical name: meal-planner-{env}.</summary>
    public string Prefix => $"meal-planner-{Name}";

    /// <summary>meal-planner-{env}-{part}, e.g. the database instance meal-planner-staging-db.</summary>
    public string ResourceName(string part) => $"{Prefix}-{part}";

    /// <summary>A Secrets Manager name under {env}/ (the settings file's "secrets" name them this way).</summary>
    public string SecretName(string shortName) => $"{Name}/{shortName}";

    /// <summary>/meal-planner/{env}/{part}: log groups and parameters.</summary>
    public string Path(string part) => $"/meal-planner/{Name}/{part}";

    public string ClusterName => Prefix;
    public string ServiceName(string project) => ResourceName(project);
    public string DatabaseInstanceName => ResourceName("db");
    public string DatabaseProxyName => ResourceName("proxy");
    public string DeployRoleName => ResourceName("deploy");
    /// <summary>ECR accepts lower case only; Aspire resource names may have capitals.</summary>
    public string RepositoryName(string project) => $"{Prefix}/{project.ToLowerInvariant()}";

    /// <summary>Image tags deployed successfully, newest first, comma-separated; written by the deploy script.</summary>
    public string DeployHistoryParameter => Path("deployed-tags");

    /// <summary>Manual snapshots the migration gate takes before migrating: this prefix + "-" + a request's id.</summary>
    public string PreMigrationSnapshotPrefix => ResourceName("pre-migration");

    public override string ToString() => Name;

    /// <summary>The environment of this name; any other name is a one-line problem listing the known ones.</summary>
    public static DeploymentEnvironment Of(string? name, string hint = "") =>
        name is not null && Names.Contains(name)
            ? new DeploymentEnvironment(name)
            : throw new DeployProblem($"--env must be one of {string.Join(", ", Names)} (got '{name}'){hint}");
}
