using System.Text.RegularExpressions;
using Npgsql;

namespace MealPlanner.Data.Connecting;

/// <summary>
/// Signs in to RDS (in AWS: through RDS Proxy) with an IAM token instead of a password, so a running task
/// holds nothing a password rotation could invalidate. On when the connection string has no password,
/// PGPASSWORD is not set, and the host is an RDS endpoint; everywhere else (local PostgreSQL, the migration
/// task's direct connection) nothing changes.
/// </summary>
public static partial class RdsIamAuthentication
{
    /// <summary>RDS accepts a token for 15 minutes; only new physical connections need a valid one.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15);

    /// <summary>Well inside the lifetime, so a connection opened just before a refresh still has minutes left.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(10);

    /// <summary>After a failure (credentials endpoint briefly unreachable), try again soon.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(10);

    private const string RdsDomain = ".rds.amazonaws.com";

    /// <summary>Adds the periodic token provider to the data source when <see cref="Applies"/> says so.</summary>
    public static void ConfigureWhenApplicable(NpgsqlDataSourceBuilder dataSource) =>
        ConfigureWhenApplicable(dataSource, Environment.GetEnvironmentVariable("PGPASSWORD"), AwsCredentials.ResolveAsync, TimeProvider.System);

    public static void ConfigureWhenApplicable(NpgsqlDataSourceBuilder dataSource, string? pgPassword, Func<CancellationToken, ValueTask<AwsKeys>> credentials, TimeProvider clock)
    {
        var settings = dataSource.ConnectionStringBuilder;
        if (!Applies(settings.Host, settings.Password, pgPassword))
        {
            return;
        }

        var region = RegionOf(settings.Host)!;
        dataSource.UsePeriodicPasswordProvider(
            async (connection, ct) => GenerateToken(connection.Host!, connection.Port, connection.Username!, region, await credentials(ct), clock.GetUtcNow()),
            RefreshInterval,
            RetryInterval);
    }

    public static bool Applies(string? host, string? password, string? pgPassword) =>
        string.IsNullOrEmpty(password) && string.IsNullOrEmpty(pgPassword) && RegionOf(host) is not null;

    /// <summary>The region of an RDS instance or proxy endpoint ("name.proxy-abc.eu-west-1.rds.amazonaws.com"), else null.</summary>
    public static string? RegionOf(string? host)
    {
        if (host is null || !host.EndsWith(RdsDomain, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var labels = host.Split('.');
        // name . id . region . rds . amazonaws . com
        return labels.Length >= 6 && RegionName().IsMatch(labels[^4]) ? labels[^4].ToLowerInvariant() : null;
    }

    /// <summary>An RDS IAM token: a presigned rds-db:connect request for this endpoint and user.</summary>
    public static string GenerateToken(string host, int port, string user, string region, AwsKeys keys, DateTimeOffset now) =>
        SigV4Presigner.Presign(
            $"{host}:{port}", "/",
            new Dictionary<string, string> { ["Action"] = "connect", ["DBUser"] = user },
            "rds-db", region, keys, now, TokenLifetime);

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", RegexOptions.IgnoreCase)]
    private static partial Regex RegionName();
}
