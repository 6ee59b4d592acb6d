using Amazon.CDK;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using MealPlanner.Deploy.Manifest;
using MealPlanner.Deploy.Mapping;
using EcsSecret = Amazon.CDK.AWS.ECS.Secret;
using SmSecret = Amazon.CDK.AWS.SecretsManager.Secret;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>The variables of one task: plain values, and ECS secrets read from Secrets Manager at task start.</summary>
public sealed class TaskEnvironment
{
    public Dictionary<string, string> Plain { get; } = [];
    public Dictionary<string, EcsSecret> Secrets { get; } = [];
    /// <summary>Manifest variables not passed on, with the reason (printed at synth, listed in docs).</summary>
    public Dictionary<string, string> Dropped { get; } = [];
    public bool UsesStorage { get; set; }
    public bool UsesCache { get; set; }
    public bool UsesDatabase { get; set; }
}

/// <summary>
/// Turns a project's manifest environment into its AWS task environment. Each placeholder leaf is
/// replaced by its AWS value (endpoint, port, secret); a value that carries a secret, and every
/// connection string, reaches the task as an ECS secret, never as a plain value.
/// </summary>
public sealed class TaskEnvironmentMapper(Construct scope, DeploymentPlan plan, AwsEndpoints aws)
{
    private abstract record AwsPart;
    private sealed record Text(string Value) : AwsPart;
    private sealed record SecretField(ISecret Secret, string? Field) : AwsPart;
    private sealed record Drop(string Reason) : AwsPart;

    public TaskEnvironment Map(ProjectDefinition project)
    {
        var result = new TaskEnvironment();
        // Long-running services pool through RDS Proxy; a one-off task (migrations) talks to the instance.
        var throughProxy = project.Role != ProjectRole.OneOffTask;
        foreach (var entry in project.Env)
        {
            if (StaticAwsKeys.Contains(entry.Key))
            {
                result.Dropped[entry.Key] = "static AWS keys never reach a task: the task role signs every AWS call";
                continue;
            }

            var kind = entry.ConnectionTarget is { } target ? plan.ConnectionKind(target) : null;
            switch (kind)
            {
                case BackingKind.Postgres or BackingKind.Pooler:
                    MapDatabaseConnectionString(project, entry, throughProxy, result);
                    continue;
                case BackingKind.Redis:
                    result.UsesCache = true;
                    result.Secrets[entry.Key] = DerivedSecret(project, entry.Key,
                        $"{aws.Cache!.ReplicationGroup.AttrPrimaryEndPointAddress}:{aws.Cache.ReplicationGroup.AttrPrimaryEndPointPort},password={aws.Secrets.CacheAuthToken.SecretValue.UnsafeUnwrap()},ssl=true,abortConnect=false");
                    continue;
                case BackingKind.Storage:
                    result.UsesStorage = true;
                    // The local store's shape without its Endpoint, path style and keys: the SDK finds S3 from the
                    // region and signs with the task role; clients load images from CloudFront.
                    result.Secrets[entry.Key] = DerivedSecret(project, entry.Key,
                        $"Region={aws.Region};Bucket={aws.Storage!.Bucket.BucketName};PublicBaseUrl=https://{aws.Storage.Distribution.DistributionDomainName}");
                    continue;
            }

            MapByLeaves(project, entry, throughProxy, result);
        }

        foreach (var (variable, shortName) in project.Settings.Secrets ?? [])
        {
            result.Secrets[variable] = EcsSecret.FromSecretsManager(aws.Secrets.ByShortName(shortName, project.Name));
        }

        return result;
    }

    // No connection string holds the rotated password (a copy would go stale at the first rotation).
    // Web services sign in to RDS Proxy with a short-lived IAM token the app generates, so a running task
    // never holds a password that a rotation could invalidate. A one-off task connects to the instance with
    // PGPASSWORD, read when it starts: it runs to completion within the deployment, before a rotation can hit it.
    private void MapDatabaseConnectionString(ProjectDefinition project, EnvEntry entry, bool throughProxy, TaskEnvironment result)
    {
        result.UsesDatabase = true;
        var host = throughProxy ? aws.Database!.Proxy.Endpoint : aws.Database!.Instance.DbInstanceEndpointAddress;
        var database = DeploymentPlan.DatabaseNameIn(entry.Value) ?? plan.Databases.FirstOrDefault()?.DatabaseName ?? "postgres";
        result.Secrets[entry.Key] = DerivedSecret(project, entry.Key,
            $"Host={host};Port={Database.Port};Username={AppSecrets.DatabaseUsername};Database={database};SSL Mode=Require{ExtraKeywords(plan, entry)}");
        if (!throughProxy)
        {
            result.Secrets["PGPASSWORD"] = EcsSecret.FromSecretsManager(aws.Secrets.Database, "password");
        }
    }

    // Whatever the local store accepts (a fixed emulator key or a generated password), a key in a task's environment
    // would outrank the task role in the SDK's credential chain.
    private static readonly HashSet<string> StaticAwsKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    };

    private static readonly HashSet<string> EndpointKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Server", "Port", "Username", "User ID", "User", "Password", "Database", "SSL Mode", "SslMode",
    };

    // Tuning keywords of the local connection string (e.g. "Max Auto Prepare=0" for a transaction pooler)
    // still apply behind RDS Proxy: prepared statements would pin proxy connections.
    private static string ExtraKeywords(DeploymentPlan plan, EnvEntry entry)
    {
        var target = plan.Manifest.Find(entry.ConnectionTarget!);
        var text = target?.ConnectionString is { } cs ? plan.Resolver.Resolve(target.Name, cs).ToString() : "";
        var extras = text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(segment => segment.Contains('=') && !segment.Contains('{'))
            .Where(segment => !EndpointKeywords.Contains(segment[..segment.IndexOf('=')].Trim()));
        return string.Concat(extras.Select(e => $";{e}"));
    }

    private void MapByLeaves(ProjectDefinition project, EnvEntry entry, bool throughProxy, TaskEnvironment result)
    {
        var parts = entry.Value.Parts.Select(p => Map(p, project, throughProxy, result)).ToList();
        if (parts.OfType<Drop>().FirstOrDefault() is { } drop)
        {
            result.Dropped[entry.Key] = drop.Reason;
            return;
        }

        var secrets = parts.OfType<SecretField>().ToList();
        var isConnectionString = entry.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal);
        if (secrets.Count == 0 && !isConnectionString)
        {
            result.Plain[entry.Key] = string.Concat(parts.Cast<Text>().Select(t => t.Value));
        }
        else if (parts is [SecretField only])
        {
            result.Secrets[entry.Key] = EcsSecret.FromSecretsManager(only.Secret, only.Field);
        }
        else if (secrets.Any(s => s.Secret == aws.Secrets.Database))
        {
            result.Dropped[entry.Key] = "embeds the rotated database password in a larger string, which would go stale at rotation; use the connection string (+ PGPASSWORD) instead";
        }
        else
        {
            var text = string.Concat(parts.Select(p => p switch
            {
                Text t => t.Value,
                SecretField s => s.Field is null ? s.Secret.SecretValue.UnsafeUnwrap() : s.Secret.SecretValueFromJson(s.Field).UnsafeUnwrap(),
                _ => "",
            }));
            result.Secrets[entry.Key] = DerivedSecret(project, entry.Key, text);
        }
    }

    private AwsPart Map(ValuePart part, ProjectDefinition consumer, bool throughProxy, TaskEnvironment result)
    {
        switch (part)
        {
            case TextPart text:
                return new Text(text.Text);
            case ParameterPart parameter:
                return MapParameter(parameter);
            case BindingPart binding when plan.Manifest.Find(binding.Resource) is { IsProject: true }:
                return MapProjectBinding(binding, consumer);
            case BindingPart binding:
                var backing = plan.BackingServices.First(b => b.Name == binding.Resource);
                switch (backing.Kind)
                {
                    case BackingKind.Postgres or BackingKind.Pooler:
                        result.UsesDatabase = true;
                        // Services pool through the proxy; a one-off task (migrations) talks to the instance.
                        var viaProxy = throughProxy || backing.Kind == BackingKind.Pooler;
                        return Endpoint(binding, viaProxy ? aws.Database!.Proxy.Endpoint : aws.Database!.Instance.DbInstanceEndpointAddress, Database.Port.ToString(), "tcp");
                    case BackingKind.Redis:
                        result.UsesCache = true;
                        return Endpoint(binding, aws.Cache!.ReplicationGroup.AttrPrimaryEndPointAddress, Cache.Port.ToString(), "rediss");
                    default:
                        result.UsesStorage = true;
                        return binding.Property == "url"
                            ? new Text($"https://s3.{aws.Region}.amazonaws.com")
                            : Endpoint(binding, $"s3.{aws.Region}.amazonaws.com", "443", "https");
                }

            default:
                throw new InvalidOperationException($"unknown value part {part}");
        }
    }

    private static Text Endpoint(BindingPart binding, string host, string port, string scheme) => binding.Property switch
    {
        "host" => new Text(host),
        "port" or "targetPort" => new Text(port),
        "scheme" => new Text(scheme),
        "url" => new Text($"{scheme}://{host}:{port}"),
        _ => new Text("tcp"),
    };

    private AwsPart MapParameter(ParameterPart parameter)
    {
        switch (plan.OwnerOfParameter(parameter.Parameter))
        {
            case BackingKind.Postgres:
                return new SecretField(aws.Secrets.Database, "password");
            case BackingKind.Redis:
                return new SecretField(aws.Secrets.CacheAuthToken, null);
            case BackingKind.Storage or BackingKind.Pooler:
                return new Drop($"credential of '{parameter.Parameter}' has no AWS equivalent: the task role grants access");
        }

        // Generated secrets exclude every URI-reserved character, so the "uri" filter is the identity on them.
        if (aws.Secrets.Parameters.TryGetValue(parameter.Parameter, out var secret))
        {
            return new SecretField(secret, null);
        }

        var resource = plan.Manifest.Find(parameter.Parameter)!;
        var value = plan.Settings.Parameters.GetValueOrDefault(parameter.Parameter)
            ?? resource.Inputs.GetValueOrDefault(parameter.Input)?.DefaultValue ?? "";
        return new Text(parameter.Filter == "uri" ? Uri.EscapeDataString(value) : value);
    }

    private Text MapProjectBinding(BindingPart binding, ProjectDefinition consumer)
    {
        if (binding.Binding == "https" && binding.Resource == consumer.Name)
        {
            // TLS ends at the load balancer; the container serves plain HTTP on its port.
            return new Text(ProjectDefinition.ContainerPort.ToString());
        }

        return binding.Property switch
        {
            "port" or "targetPort" when binding.Resource == consumer.Name => new Text(ProjectDefinition.ContainerPort.ToString()),
            "host" => new Text(aws.LoadBalancerDnsName),
            "port" => new Text("443"),
            "scheme" => new Text("https"),
            "url" => new Text($"https://{aws.LoadBalancerDnsName}"),
            _ => new Text(ProjectDefinition.ContainerPort.ToString()),
        };
    }

    private EcsSecret DerivedSecret(ProjectDefinition project, string key, string value)
    {
        var secret = new SmSecret(scope, $"{project.Name}-{key}", new SecretProps
        {
            // No fixed name: a failed first create deletes this secret, and a deleted name stays reserved for the
            // recovery window, which would block the retry. The {env}/... name is its tag, as for AppSecrets.
            Description = $"{key} of '{project.Name}', composed at deploy time from the manifest and the environment's endpoints and secrets",
            // Tokens inside (endpoints, {{resolve:secretsmanager:...}} references) are resolved by CloudFormation.
            SecretStringValue = SecretValue.UnsafePlainText(value),
        });
        Tags.Of(secret).Add(AppSecrets.NameTag, plan.Environment.SecretName($"{project.Name}/{key}"));
        Nag.Suppress(secret, "AwsSolutions-SMG4", "Derived from other resources at every deployment (endpoint + referenced secret); the source secret is the one rotated.");
        return EcsSecret.FromSecretsManager(secret);
    }
}

/// <summary>The AWS resources a task environment can point at (null when the manifest has no such resource).</summary>
public sealed record AwsEndpoints(string Region, AppSecrets Secrets, Database? Database, Cache? Cache, ImageStorage? Storage, string LoadBalancerDnsName);
