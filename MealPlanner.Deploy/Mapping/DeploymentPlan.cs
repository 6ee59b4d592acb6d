using System.Text.RegularExpressions;
using MealPlanner.Deploy.Manifest;
using MealPlanner.Deploy.Settings;

namespace MealPlanner.Deploy.Mapping;

/// <summary>What a manifest container becomes in AWS, decided by <see cref="MappingRules"/>.</summary>
public enum BackingKind
{
    /// <summary>postgres image: RDS PostgreSQL.</summary>
    Postgres,
    /// <summary>pgbouncer image: RDS Proxy.</summary>
    Pooler,
    /// <summary>redis image: ElastiCache replication group.</summary>
    Redis,
    /// <summary>An S3-compatible store, known by its connection string's shape (Endpoint + Bucket): S3 bucket + CloudFront.</summary>
    Storage,
}

public enum ProjectRole
{
    /// <summary>A project with an HTTP binding: Fargate service behind the ALB.</summary>
    WebService,
    /// <summary>A project marked "lifecycle": "runToCompletion" (migrations): a task that runs to completion before the services roll out.</summary>
    OneOffTask,
    /// <summary>A project with neither: a long-running Fargate service that no load balancer reaches.</summary>
    BackgroundService,
}

public sealed record BackingService(string Name, BackingKind Kind, ManifestResource Resource);

/// <summary>A value.v0 connection string "{postgres.connectionString};Database=NAME".</summary>
public sealed record DatabaseDefinition(string ResourceName, string DatabaseName);

/// <summary>One environment variable of a project; <see cref="ConnectionTarget"/> is set for "{x.connectionString}".</summary>
public sealed record EnvEntry(string Key, ResolvedValue Value, string? ConnectionTarget);

// PendingCheck: the manifest's "pendingCheck" argument of a one-off task, or null (no check: it just runs).
public sealed record ProjectDefinition(string Name, ProjectRole Role, IReadOnlyList<EnvEntry> Env, ServiceSettings Settings, string? PendingCheck = null)
{
    /// <summary>ASP.NET Core containers listen on 8080 (the .NET 8+ image default).</summary>
    public const int ContainerPort = 8080;
}

/// <summary>
/// The manifest read through the mapping rules: which AWS building block each resource becomes.
/// Everything that can be wrong with the manifest is found here, before any CDK construct exists.
/// </summary>
public sealed partial class DeploymentPlan
{
    public required DeploymentEnvironment Environment { get; init; }
    public required AspireManifest Manifest { get; init; }
    public required DeploySettings Settings { get; init; }
    public required PlaceholderResolver Resolver { get; init; }
    public required IReadOnlyList<BackingService> BackingServices { get; init; }
    public required IReadOnlyList<DatabaseDefinition> Databases { get; init; }
    public required IReadOnlyList<ProjectDefinition> Projects { get; init; }

    public BackingService? Find(BackingKind kind) => BackingServices.FirstOrDefault(b => b.Kind == kind);
    public IEnumerable<ProjectDefinition> WebServices => Projects.Where(p => p.Role == ProjectRole.WebService);
    public IEnumerable<ProjectDefinition> OneOffTasks => Projects.Where(p => p.Role == ProjectRole.OneOffTask);
    public IEnumerable<ProjectDefinition> BackgroundServices => Projects.Where(p => p.Role == ProjectRole.BackgroundService);

    /// <summary>Secret parameters the backing services consume themselves (their AWS replacement owns the secret).</summary>
    /// <remarks>The database wins over a pooler that also reads its password; the pooler owns nothing in AWS.</remarks>
    public BackingKind? OwnerOfParameter(string parameter) =>
        BackingServices.OrderBy(b => b.Kind).FirstOrDefault(b => Resolver.Resolve(b.Name, string.Join(' ', b.Resource.Env.Values.Append(b.Resource.ConnectionString ?? "")))
            .Parts.OfType<ParameterPart>().Any(p => p.Parameter == parameter))?.Kind;

    public IEnumerable<ManifestResource> AppSecretParameters =>
        Manifest.Resources.Where(r => r.IsSecretParameter && OwnerOfParameter(r.Name) is null);

    public static DeploymentPlan Create(AspireManifest manifest, DeploySettings settings, DeploymentEnvironment environment)
    {
        var file = Path.GetFileName(manifest.SourcePath);
        var resolver = new PlaceholderResolver(manifest);
        ResolveEverything(manifest, resolver);

        var backing = manifest.Resources.Where(r => r.IsContainer)
            .Select(r => new BackingService(r.Name, MappingRules.KindOf(r, file), r))
            .ToList();
        foreach (var group in backing.GroupBy(b => b.Kind).Where(g => g.Count() > 1))
        {
            throw new DeployProblem($"{file}: resources {string.Join(", ", group.Select(g => $"'{g.Name}'"))} all map to {group.Key}; the deployer supports one of each");
        }

        var projects = manifest.Resources.Where(r => r.IsProject).Select(r =>
        {
            var service = settings.Service(r.Name);
            Defaults.FillService(service);
            var env = r.Env.Select(e => new EnvEntry(e.Key, resolver.Resolve(r.Name, e.Value), ConnectionTarget(e.Value))).ToList();
            return new ProjectDefinition(r.Name, MappingRules.RoleOf(r, file), env, service, r.PendingCheck);
        }).ToList();

        if (projects.All(p => p.Role != ProjectRole.WebService))
        {
            throw new DeployProblem($"{file}: no project has an http binding, so nothing would sit behind the load balancer; add WithHttpEndpoint()/WithExternalHttpEndpoints() to the API");
        }

        var databases = manifest.Resources
            .Where(r => r.Type == "value.v0" && r.ConnectionString is not null)
            .Select(r => (r, value: resolver.Resolve(r.Name, r.ConnectionString!)))
            .Where(x => x.value.ReferencedResources.Any(name => backing.Any(b => b.Name == name && b.Kind is BackingKind.Postgres or BackingKind.Pooler)))
            .Select(x => new DatabaseDefinition(x.r.Name, DatabaseNameIn(x.value) ?? x.r.Name))
            .DistinctBy(d => d.DatabaseName)
            .ToList();

        var plan = new DeploymentPlan
        {
            Environment = environment,
            Manifest = manifest,
            Settings = settings,
            Resolver = resolver,
            BackingServices = backing,
            Databases = databases,
            Projects = projects,
        };
        plan.CheckParameters(file);
        return plan;
    }

    /// <summary>Kind of the backing service a "{x.connectionString}" ultimately points at.</summary>
    public BackingKind? ConnectionKind(string target)
    {
        if (BackingServices.FirstOrDefault(b => b.Name == target) is { } direct)
        {
            return direct.Kind;
        }

        var resource = Manifest.Find(target);
        if (resource?.ConnectionString is null)
        {
            return null;
        }

        var kinds = Resolver.Resolve(target, resource.ConnectionString).ReferencedResources
            .Select(name => BackingServices.FirstOrDefault(b => b.Name == name)?.Kind)
            .OfType<BackingKind>().ToList();
        // A pooler in front of postgres counts as the pooler: that is where the client connects.
        return kinds.Contains(BackingKind.Pooler) ? BackingKind.Pooler : kinds.Cast<BackingKind?>().FirstOrDefault();
    }

    public static string? DatabaseNameIn(ResolvedValue value) =>
        DatabaseKeyword().Match(value.LiteralText) is { Success: true } m ? m.Groups[1].Value : null;

    private static string? ConnectionTarget(string raw) =>
        ConnectionReference().Match(raw) is { Success: true } m ? m.Groups[1].Value : null;

    // Resolving every string up front turns any dangling reference into an error naming its resource.
    private static void ResolveEverything(AspireManifest manifest, PlaceholderResolver resolver)
    {
        foreach (var r in manifest.Resources)
        {
            foreach (var text in r.Env.Values.Concat(r.Args).Append(r.ConnectionString).Append(r.Value).OfType<string>())
            {
                resolver.Resolve(r.Name, text);
            }
        }
    }

    // A non-secret parameter needs a value in AWS, unless it configures a local server that AWS replaces
    // (an S3 store's root user, pgbouncer's settings): those never reach a task.
    private void CheckParameters(string file)
    {
        foreach (var parameter in Manifest.Resources.Where(r => r.IsParameter && !r.IsSecretParameter))
        {
            var hasDefault = parameter.Inputs.Values.Any(i => i.DefaultValue is not null || i.GenerateMinLength is not null);
            var replaced = OwnerOfParameter(parameter.Name) is BackingKind.Storage or BackingKind.Pooler;
            if (!hasDefault && !replaced && !Settings.Parameters.ContainsKey(parameter.Name))
            {
                throw new DeployProblem($"{file}: parameter '{parameter.Name}' has no value for AWS; add \"parameters\": {{ \"{parameter.Name}\": \"...\" }} to {Environment.SettingsFile}");
            }
        }
    }

    [GeneratedRegex(@"(?:^|;)\s*Database\s*=\s*([^;]+)", RegexOptions.IgnoreCase)]
    private static partial Regex DatabaseKeyword();

    [GeneratedRegex(@"^\{([^.{}]+)\.connectionString\}$")]
    private static partial Regex ConnectionReference();
}
