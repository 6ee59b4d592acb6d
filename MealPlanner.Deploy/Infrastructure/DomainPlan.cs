using System.Text.RegularExpressions;
using MealPlanner.Deploy.Mapping;
using MealPlanner.Deploy.Settings;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>
/// The public host names of the web services and where their certificate comes from, checked before any
/// construct exists: with a hosted zone the stack creates and validates the certificate for every host;
/// without one, an imported certificate must cover every host.
/// </summary>
public sealed partial record DomainPlan(
    string Domain,
    string? ZoneId,
    string? ZoneName,
    string? CertificateArn,
    IReadOnlyDictionary<string, string> Hosts)
{
    /// <summary>The stack requests the certificate (DNS-validated in the zone) instead of importing one.</summary>
    public bool CreatesCertificate => CertificateArn is null;

    /// <summary>Every host name other than <see cref="Domain"/>: the created certificate's alternative names.</summary>
    public IReadOnlyList<string> AlternativeNames => [.. Hosts.Values.Where(h => !Same(h, Domain)).Distinct(StringComparer.OrdinalIgnoreCase)];

    public static DomainPlan Create(DeploymentPlan plan)
    {
        var settings = plan.Settings;
        var file = plan.Environment.SettingsFile;
        if (settings.Domain is not { Length: > 0 } domain)
        {
            throw new DeployProblem($"{file}: \"domain\" is empty; the HTTPS listener needs the API's host name (e.g. api-{plan.Environment.Name}.mealplanner.com)");
        }

        // The first web service is the listener's default; the others are routed by their host header.
        var hosts = plan.WebServices.Select((p, i) => (p.Name, Host: i == 0 ? domain : p.Settings.HostHeader ?? $"{p.Name}.{domain}"))
            .ToDictionary(x => x.Name, x => x.Host);

        var (zoneId, zoneName) = Zone(settings.HostedZone, file);
        if (zoneName is not null)
        {
            foreach (var (project, host) in hosts)
            {
                if (!InZone(host, zoneName))
                {
                    var setting = host == domain ? "\"domain\"" : $"\"services.{project}.hostHeader\"";
                    throw new DeployProblem($"{file}: host '{host}' ({setting}) is not in \"hostedZone.name\" ({zoneName}); use a name under {zoneName} or the zone that holds it");
                }
            }
        }

        var certificateArn = settings.CertificateArn is { Length: > 0 } arn ? arn : null;
        if (zoneName is null && certificateArn is null)
        {
            throw new DeployProblem($"{file}: set \"hostedZone\" (the stack then creates and validates the certificate) or \"certificateArn\" (an ACM certificate for {string.Join(", ", hosts.Values.Distinct())}); see docs/deploy/settings.md");
        }

        if (certificateArn is not null)
        {
            var names = settings.CertificateNames is { Count: > 0 } listed ? listed : [domain];
            foreach (var (project, host) in hosts)
            {
                if (!names.Any(n => Covers(n, host)))
                {
                    var setting = host == domain ? "\"domain\"" : $"\"services.{project}.hostHeader\"";
                    throw new DeployProblem($"{file}: host '{host}' ({setting}) is not among \"certificateNames\" ({string.Join(", ", names)}); add it (or a wildcard) if the certificate covers it, else use a certificate that does or set \"hostedZone\"");
                }
            }
        }

        return new DomainPlan(domain, zoneId, zoneName, certificateArn, hosts);
    }

    /// <summary>Whether a certificate name covers a host; a wildcard covers exactly one leftmost label.</summary>
    public static bool Covers(string certificateName, string host)
    {
        if (!certificateName.StartsWith("*.", StringComparison.Ordinal))
        {
            return Same(certificateName, host);
        }

        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && Same(host[(dot + 1)..], certificateName[2..]);
    }

    private static (string? Id, string? Name) Zone(HostedZoneSettings? zone, string file)
    {
        if (zone is null)
        {
            return (null, null);
        }

        // The console shows "/hostedzone/Z..." in some places; accept it as the bare id.
        var id = zone.Id?.Replace("/hostedzone/", "", StringComparison.Ordinal);
        var name = zone.Name?.TrimEnd('.');
        if (id is not { Length: > 0 } || !ZoneIdPattern().IsMatch(id))
        {
            throw new DeployProblem($"{file}: \"hostedZone.id\" is '{zone.Id}', not a Route 53 zone id; copy it from `aws route53 list-hosted-zones-by-name --dns-name {name ?? "mealplanner.com"}` (e.g. Z0123456789ABCDEFGHIJ)");
        }

        if (name is not { Length: > 0 })
        {
            throw new DeployProblem($"{file}: \"hostedZone.name\" is empty; set it to the zone's domain name (e.g. mealplanner.com)");
        }

        return (id, name);
    }

    private static bool InZone(string host, string zone) =>
        Same(host, zone) || host.EndsWith($".{zone}", StringComparison.OrdinalIgnoreCase);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Z0-9]{1,32}$")]
    private static partial Regex ZoneIdPattern();
}
