using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace MealPlanner.Deploy.Settings;

/// <summary>
/// What the manifest cannot say: sizes, replicas, domain, certificate, alert endpoints.
/// Read from settings/{env}.json; every property is optional and <see cref="Defaults"/> only fills
/// what the file leaves empty, so a value written in the file always wins.
/// </summary>
public sealed class DeploySettings
{
    public string? Account { get; set; }
    public string? Region { get; set; }
    /// <summary>Public host name of the API, e.g. api-staging.mealplanner.com.</summary>
    public string? Domain { get; set; }
    // Domain and certificate: a hosted zone lets the stack create, validate and point everything itself;
    // without one, an imported certificate and the names it covers.
    /// <summary>Route 53 zone of <see cref="Domain"/>: the stack creates the DNS-validated certificate and the alias records.</summary>
    public HostedZoneSettings? HostedZone { get; set; }
    /// <summary>An existing ACM certificate (same region) for <see cref="Domain"/>; required without <see cref="HostedZone"/>.</summary>
    public string? CertificateArn { get; set; }
    /// <summary>Names the imported certificate covers ("*.x.com" covers one label); default: [<see cref="Domain"/>].</summary>
    public List<string>? CertificateNames { get; set; }
    /// <summary>Tag of the images in ECR to run; CI passes the commit SHA via --image-tag.</summary>
    public string? ImageTag { get; set; }
    public int? LogRetentionDays { get; set; }
    public NetworkSettings Network { get; set; } = new();
    public DatabaseSettings Database { get; set; } = new();
    public CacheSettings Cache { get; set; } = new();
    public StorageSettings Storage { get; set; } = new();
    public Dictionary<string, ServiceSettings> Services { get; set; } = [];
    public AlertSettings Alerts { get; set; } = new();
    public BudgetSettings Budget { get; set; } = new();
    /// <summary>Who may deploy: the GitHub repository whose workflows assume the deploy role.</summary>
    public GitHubSettings GitHub { get; set; } = new();
    /// <summary>Values for non-secret manifest parameters (parameter.v0 without a default).</summary>
    public Dictionary<string, string> Parameters { get; set; } = [];

    public ServiceSettings Service(string name) =>
        Services.TryGetValue(name, out var service) ? service : Services[name] = new ServiceSettings();

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static DeploySettings Load(string path, DeploymentEnvironment environment)
    {
        if (!File.Exists(path))
        {
            throw new DeployProblem($"{path}: settings file not found; create it (see docs/deploy/settings.md) or pass --settings PATH");
        }

        DeploySettings settings;
        try
        {
            settings = JsonSerializer.Deserialize<DeploySettings>(File.ReadAllText(path), JsonOptions)
                ?? throw new DeployProblem($"{path}: empty settings file");
        }
        catch (JsonException e)
        {
            throw new DeployProblem($"{Path.GetFileName(path)}: {e.Message.Split(Environment.NewLine)[0]} (see docs/deploy/settings.md)");
        }

        Defaults.Fill(settings, environment);
        return settings;
    }
}

public sealed class NetworkSettings
{
    public int? NatGateways { get; set; }
    /// <summary>Interface endpoints for ECR, CloudWatch Logs and Secrets Manager (about $7.30 per endpoint per AZ a month); default off.</summary>
    public bool? InterfaceEndpoints { get; set; }
}

public sealed class HostedZoneSettings
{
    /// <summary>The zone's id, e.g. Z0123456789ABCDEFGHIJ (Route 53 console, or `aws route53 list-hosted-zones`).</summary>
    public string? Id { get; set; }
    /// <summary>The zone's domain name, e.g. mealplanner.com; the API's domain must be in it.</summary>
    public string? Name { get; set; }
}

public sealed class DatabaseSettings
{
    public string? InstanceType { get; set; }
    public int? AllocatedStorageGb { get; set; }
    public int? MaxAllocatedStorageGb { get; set; }
    public bool? MultiAz { get; set; }
    public int? BackupRetentionDays { get; set; }
    /// <summary>UTC, hh:mm-hh:mm.</summary>
    public string? BackupWindow { get; set; }
    public bool? DeletionProtection { get; set; }
    public int? RotationDays { get; set; }
}

public sealed class CacheSettings
{
    public string? NodeType { get; set; }
    /// <summary>Replicas per shard: 1 gives the spec's primary + replica.</summary>
    public int? Replicas { get; set; }
    public int? SnapshotRetentionDays { get; set; }
    public string? SnapshotWindow { get; set; }
}

public sealed class StorageSettings
{
    public string? BucketName { get; set; }
    public List<string>? CorsOrigins { get; set; }
    public int? TempExpirationDays { get; set; }
    public int? CdnTtlDays { get; set; }
}

public sealed class ServiceSettings
{
    public int? DesiredCount { get; set; }
    /// <summary>Fargate CPU units (512 = 0.5 vCPU).</summary>
    public int? Cpu { get; set; }
    public int? MemoryMiB { get; set; }
    public string? HealthCheckPath { get; set; }
    /// <summary>Host header routed to this service; the first web service is the ALB's default.</summary>
    public string? HostHeader { get; set; }
    // Autoscaling: from DesiredCount (the minimum) up to MaxCount, on CPU and on ALB requests per task.
    /// <summary>Most tasks autoscaling may run; default 3 x <see cref="DesiredCount"/>.</summary>
    public int? MaxCount { get; set; }
    /// <summary>Average CPU (%) the CPU policy keeps the service at; default 60.</summary>
    public int? ScaleOnCpuPercent { get; set; }
    /// <summary>ALB requests per task per minute the request policy keeps the service at; default 500.</summary>
    public int? ScaleOnRequestsPerTarget { get; set; }
    /// <summary>Extra secrets for the task: environment variable name -> secret name under {env}/ (e.g. "jwt/secret").</summary>
    public Dictionary<string, string>? Secrets { get; set; }
}

public sealed class AlertSettings
{
    public string? Email { get; set; }
    /// <summary>PagerDuty Events API v2 integration URL; empty: no PagerDuty subscription.</summary>
    public string? PagerDutyUrl { get; set; }
}

public sealed class BudgetSettings
{
    public List<int>? AlertsUsd { get; set; }
    public string? Email { get; set; }
}

public sealed partial class GitHubSettings
{
    /// <summary>OWNER/NAME of the repository whose workflows may deploy this environment (no default).</summary>
    public string? Repository { get; set; }

    /// <summary>
    /// Create the account's GitHub OIDC identity provider in this environment's registry stack. IAM allows one
    /// provider per URL and account: with both environments in one account, only one of them creates it.
    /// </summary>
    public bool? CreateOidcProvider { get; set; }

    /// <summary>The validated OWNER/NAME; a missing or malformed value is a one-line problem naming the setting.</summary>
    public string RepositoryFor(DeploymentEnvironment environment)
    {
        const string What = "the GitHub repository whose workflows may deploy";
        const string Example = "(e.g. \"mealplanner/platform\")";
        if (Repository is not { Length: > 0 } repository)
        {
            throw new DeployProblem($"{environment.SettingsFile}: \"github.repository\" is missing; set it to {What}, as OWNER/NAME {Example}");
        }

        if (!OwnerAndName().IsMatch(repository))
        {
            throw new DeployProblem($"{environment.SettingsFile}: \"github.repository\" is '{repository}', not OWNER/NAME; set it to {What} {Example}");
        }

        return repository;
    }

    // GitHub's own rules: an owner is letters, digits and single hyphens (at most 39); a repository name is
    // letters, digits, '.', '-', '_'. No '*' or '?': the value goes into an IAM StringEquals condition.
    [GeneratedRegex(@"^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex OwnerAndName();
}
