using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.Route53.Targets;
using Constructs;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>
/// The HTTPS certificate of every public host and, with a hosted zone, the DNS that validates it and points
/// the hosts at the load balancer, so a first deploy needs no hand-made DNS record.
/// </summary>
public sealed class DomainName : Construct
{
    public ICertificate Certificate { get; }
    private readonly IHostedZone? _zone;
    private readonly DomainPlan _plan;

    public DomainName(Construct scope, string id, DomainPlan plan) : base(scope, id)
    {
        _plan = plan;
        if (plan.ZoneId is not null)
        {
            // From attributes, not a lookup: synthesis needs no AWS credentials.
            _zone = HostedZone.FromHostedZoneAttributes(this, "Zone", new HostedZoneAttributes { HostedZoneId = plan.ZoneId, ZoneName = plan.ZoneName! });
        }

        Certificate = plan.CreatesCertificate
            ? new Certificate(this, "Certificate", new CertificateProps
            {
                DomainName = plan.Domain,
                SubjectAlternativeNames = plan.AlternativeNames.Count > 0 ? [.. plan.AlternativeNames] : null,
                Validation = CertificateValidation.FromDns(_zone),
            })
            : Amazon.CDK.AWS.CertificateManager.Certificate.FromCertificateArn(this, "Certificate", plan.CertificateArn!);
    }

    /// <summary>
    /// An A alias per host in the zone. No AAAA: the VPC and the ALB are IPv4-only, so an AAAA alias would
    /// answer nothing; add it when the load balancer becomes dual-stack.
    /// </summary>
    public void PointAt(IApplicationLoadBalancer alb)
    {
        if (_zone is null)
        {
            return;
        }

        foreach (var (project, host) in _plan.Hosts.DistinctBy(h => h.Value.ToLowerInvariant()))
        {
            new ARecord(this, $"{project}-Alias", new ARecordProps
            {
                Zone = _zone,
                RecordName = $"{host}.",
                Target = RecordTarget.FromAlias(new LoadBalancerTarget(alb)),
                Comment = $"{project}: the public load balancer",
            });
        }
    }
}
