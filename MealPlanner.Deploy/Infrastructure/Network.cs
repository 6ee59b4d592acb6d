using Amazon.CDK.AWS.EC2;
using Constructs;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>InterfaceEndpoints: the opt-in ECR, Logs and Secrets Manager endpoints in the task subnets.</summary>
public sealed record NetworkProps(int NatGateways, bool InterfaceEndpoints, LogGroups Logs);

/// <summary>
/// US-1.1: VPC 10.0.0.0/16 over two AZs with the spec's subnets (public for the ALB, private for
/// tasks, isolated for RDS and ElastiCache), flow logs, an S3 gateway endpoint and optional interface endpoints.
/// </summary>
public sealed class Network : Construct
{
    public const string VpcCidr = "10.0.0.0/16";

    /// <summary>The spec's CIDRs for the first AZ; the second AZ's twin is the same block + 10 (10.0.11.0/24, ...).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> SubnetCidrs = new Dictionary<string, string[]>
    {
        ["public"] = ["10.0.1.0/24", "10.0.11.0/24"],
        ["private"] = ["10.0.2.0/24", "10.0.12.0/24"],
        ["isolated"] = ["10.0.3.0/24", "10.0.13.0/24"],
    };

    /// <summary>AWS services the tasks reach through interface endpoints when they are switched on (one ENI per AZ each).</summary>
    public static readonly IReadOnlyDictionary<string, InterfaceVpcEndpointAwsService> InterfaceServices = new Dictionary<string, InterfaceVpcEndpointAwsService>
    {
        ["EcrApi"] = InterfaceVpcEndpointAwsService.ECR,
        ["EcrDocker"] = InterfaceVpcEndpointAwsService.ECR_DOCKER,
        ["Logs"] = InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
        ["SecretsManager"] = InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
    };

    public Vpc Vpc { get; }

    public Network(Construct scope, string id, NetworkProps props) : base(scope, id)
    {
        var (natGateways, interfaceEndpoints, logs) = props;
        Vpc = new Vpc(this, "Vpc", new VpcProps
        {
            IpAddresses = IpAddresses.Cidr(VpcCidr),
            MaxAzs = 2,
            NatGateways = natGateways,
            SubnetConfiguration =
            [
                new SubnetConfiguration { Name = "public", SubnetType = SubnetType.PUBLIC, CidrMask = 24, MapPublicIpOnLaunch = false },
                new SubnetConfiguration { Name = "private", SubnetType = SubnetType.PRIVATE_WITH_EGRESS, CidrMask = 24 },
                new SubnetConfiguration { Name = "isolated", SubnetType = SubnetType.PRIVATE_ISOLATED, CidrMask = 24 },
            ],
        });

        // CDK numbers subnets itself; pin the spec's blocks instead so the addresses are documented ones.
        PinCidrs(Vpc.PublicSubnets, SubnetCidrs["public"]);
        PinCidrs(Vpc.PrivateSubnets, SubnetCidrs["private"]);
        PinCidrs(Vpc.IsolatedSubnets, SubnetCidrs["isolated"]);

        var flowLogs = logs.Create(this, "FlowLogs");
        Vpc.AddFlowLog("FlowLog", new FlowLogOptions
        {
            Destination = FlowLogDestination.ToCloudWatchLogs(flowLogs),
            TrafficType = FlowLogTrafficType.ALL,
        });

        // Free, and ECR serves image layers from S3: pulls and the image bucket skip the NAT gateways' per-GB charge.
        var tasks = new SubnetSelection { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };
        Vpc.AddGatewayEndpoint("S3", new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.S3, Subnets = [tasks] });

        // Opt-in: they cost per endpoint, AZ and hour whether used or not; without them this traffic takes the NAT.
        if (interfaceEndpoints)
        {
            // Only the tasks' subnets may reach them, by literal CIDR (cdk-nag cannot check the VPC's CIDR token).
            var endpoints = new SecurityGroup(this, "EndpointSecurityGroup", new SecurityGroupProps
            {
                Vpc = Vpc,
                Description = "Interface endpoints: HTTPS from the private (task) subnets only",
                AllowAllOutbound = false,
            });
            foreach (var cidr in SubnetCidrs["private"])
            {
                endpoints.AddIngressRule(Peer.Ipv4(cidr), Port.Tcp(443), "HTTPS from the task subnets");
            }

            foreach (var (name, service) in InterfaceServices)
            {
                Vpc.AddInterfaceEndpoint(name, new InterfaceVpcEndpointOptions
                {
                    Service = service,
                    Subnets = tasks,
                    PrivateDnsEnabled = true,
                    SecurityGroups = [endpoints],
                    Open = false,
                });
            }
        }
    }

    private static void PinCidrs(ISubnet[] subnets, string[] cidrs)
    {
        for (var i = 0; i < subnets.Length; i++)
        {
            ((CfnSubnet)subnets[i].Node.DefaultChild!).CidrBlock = cidrs[i];
        }
    }
}
