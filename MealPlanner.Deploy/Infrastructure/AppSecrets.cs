using Amazon.CDK;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.SecretsManager;
using Constructs;
using MealPlanner.Deploy.Mapping;
using SmSecret = Amazon.CDK.AWS.SecretsManager.Secret;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>
/// US-1.8: the secrets of one environment, known as {env}/... : the database credentials (rotated by
/// <see cref="Database"/>), the JWT signing secret, the SendGrid key (filled in by an operator) and
/// one secret per secret parameter of the manifest. No access keys: tasks use their task roles.
/// </summary>
/// <remarks>
/// CloudFormation generates the secrets' names and each carries its {env}/... name in the tag
/// <see cref="NameTag"/>: a deleted secret keeps its name for a 7 to 30 day recovery window, so a fixed
/// name deleted by a failed first create's rollback would block the retry. Data is kept on update and
/// stack deletion, not on a failed create.
/// </remarks>
public sealed class AppSecrets : Construct
{
    /// <summary>Characters a generated value never contains, so it can sit in a URI or connection string unescaped.</summary>
    public const string UnsafeCharacters = " %+~`#$&*()|[]{}:;<>?!'/@\"\\,=";

    /// <summary>The RDS master user; the manifest's postgres container uses the same name.</summary>
    public const string DatabaseUsername = "postgres";

    /// <summary>Tag holding a secret's {env}/... name; operators find a secret by it (list-secrets --filters Key=tag-value).</summary>
    public const string NameTag = "meal-planner:secret";

    public DatabaseSecret Database { get; }
    public SmSecret CacheAuthToken { get; }
    public SmSecret JwtSecret { get; }
    public SmSecret SendGridApiKey { get; }
    public IReadOnlyDictionary<string, SmSecret> Parameters { get; }
    private readonly Dictionary<string, ISecret> _byShortName;

    public AppSecrets(Construct scope, string id, DeploymentPlan plan) : base(scope, id)
    {
        var env = plan.Environment;
        Database = new DatabaseSecret(this, "DbPassword", new DatabaseSecretProps
        {
            Username = DatabaseUsername,
            ExcludeCharacters = UnsafeCharacters,
        });
        Database.ApplyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
        Tags.Of(Database).Add(NameTag, env.SecretName("db/password"));

        // ElastiCache AUTH tokens allow printable ASCII except a few; alphanumeric keeps URIs simple.
        CacheAuthToken = Generated("CacheAuthToken", env.SecretName("cache/auth-token"), "Redis AUTH token of the ElastiCache replication group", 32, special: false);
        Nag.Suppress(CacheAuthToken, "AwsSolutions-SMG4", "ElastiCache AUTH token rotation needs a coordinated ModifyReplicationGroup (ROTATE strategy); done by the runbook, not automatically.");

        JwtSecret = Generated("JwtSecret", env.SecretName("jwt/secret"), "JWT signing key of the API", 64, special: false);
        Nag.Suppress(JwtSecret, "AwsSolutions-SMG4", "Rotating the JWT signing key invalidates every session; it is rotated by hand with a key-overlap window.");

        SendGridApiKey = Generated("SendGridApiKey", env.SecretName("sendgrid/api-key"), "SendGrid API key: a placeholder until an operator puts the real key (aws secretsmanager put-secret-value)", 32, special: false);
        Nag.Suppress(SendGridApiKey, "AwsSolutions-SMG4", "Third-party API key issued by SendGrid; it can only be rotated in SendGrid's console.");

        Parameters = plan.AppSecretParameters.ToDictionary(
            p => p.Name,
            p =>
            {
                var input = p.Inputs.Values.First(i => i.Secret);
                var secret = Generated($"Parameter-{p.Name}", env.SecretName($"parameters/{p.Name}"), $"Manifest parameter '{p.Name}'", Math.Max(input.GenerateMinLength ?? 32, 16), input.GenerateSpecial);
                Nag.Suppress(secret, "AwsSolutions-SMG4", $"Application parameter '{p.Name}' is consumed at deploy/start time; rotating it is an application change, not a timer.");
                return secret;
            });

        _byShortName = new Dictionary<string, ISecret>
        {
            ["db/password"] = Database,
            ["cache/auth-token"] = CacheAuthToken,
            ["jwt/secret"] = JwtSecret,
            ["sendgrid/api-key"] = SendGridApiKey,
        };
        foreach (var (name, secret) in Parameters)
        {
            _byShortName[$"parameters/{name}"] = secret;
        }
    }

    /// <summary>A secret by its name under {env}/, as the settings file's "secrets" refer to it.</summary>
    public ISecret ByShortName(string shortName, string service) =>
        _byShortName.TryGetValue(shortName, out var secret)
            ? secret
            : throw new DeployProblem($"settings: service '{service}' asks for secret '{shortName}'; known: {string.Join(", ", _byShortName.Keys)}");

    private SmSecret Generated(string id, string name, string description, int length, bool special)
    {
        var secret = new SmSecret(this, id, new SecretProps
        {
            Description = $"{name}: {description}",
            GenerateSecretString = new SecretStringGenerator
            {
                PasswordLength = length,
                ExcludePunctuation = !special,
                ExcludeCharacters = UnsafeCharacters,
            },
            RemovalPolicy = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
        });
        Tags.Of(secret).Add(NameTag, name);
        return secret;
    }
}
