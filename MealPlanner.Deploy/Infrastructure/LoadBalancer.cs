using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>The public entry: an ALB in the public subnets, HTTPS with the environment's certificate, HTTP redirected.</summary>
public sealed class LoadBalancer : Construct
{
    public ApplicationLoadBalancer Alb { get; }
    public ApplicationListener Https { get; }
    public SecurityGroup SecurityGroup { get; }

    public LoadBalancer(Construct scope, string id, Network network, ICertificate certificate, Bucket logs, bool deletionProtection) : base(scope, id)
    {
        SecurityGroup = new SecurityGroup(this, "SecurityGroup", new SecurityGroupProps
        {
            Vpc = network.Vpc,
            Description = "ALB: HTTPS and HTTP (redirect) from the internet; forwards only to the services",
            AllowAllOutbound = false,
        });
        SecurityGroup.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(443), "HTTPS from the internet");
        SecurityGroup.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(80), "HTTP from the internet, redirected to HTTPS");
        Nag.Suppress(SecurityGroup, "AwsSolutions-EC23", "A public API: the load balancer must accept 443 (and 80, redirected) from anywhere.");

        Alb = new ApplicationLoadBalancer(this, "Alb", new ApplicationLoadBalancerProps
        {
            Vpc = network.Vpc,
            InternetFacing = true,
            VpcSubnets = new SubnetSelection { SubnetType = SubnetType.PUBLIC },
            SecurityGroup = SecurityGroup,
            DropInvalidHeaderFields = true,
            DeletionProtection = deletionProtection,
        });
        if (!deletionProtection)
        {
            Nag.SuppressGuard(Alb.Node.DefaultChild!, "elbv2_deletion_protection_enabled_check", "Staging is torn down and rebuilt; production enables deletion protection.");
        }
        Alb.LogAccessLogs(logs, "alb");

        // No default action here: the first web service becomes it (see WebService). Setting one now would be
        // replaced then, which CDK reports as a warning and `cdk synth --strict` fails on.
        Https = Alb.AddListener("Https", new BaseApplicationListenerProps
        {
            Port = 443,
            Protocol = ApplicationProtocol.HTTPS,
            Certificates = [ListenerCertificate.FromCertificateManager(certificate)],
            SslPolicy = SslPolicy.RECOMMENDED_TLS,
            Open = false,
        });
        Alb.AddRedirect(new ApplicationLoadBalancerRedirectConfig { SourcePort = 80, TargetPort = 443, Open = false });
    }

    /// <summary>Answers 404 on the HTTPS listener when no web service became its default action.</summary>
    public void NotFoundByDefault() =>
        Https.AddAction("NotFound", new AddApplicationActionProps
        {
            Action = ListenerAction.FixedResponse(404, new FixedResponseOptions { ContentType = "text/plain", MessageBody = "not found" }),
        });
}
