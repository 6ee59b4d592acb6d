using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;

namespace MealPlanner.Deploy.Tests;

/// <summary>US-1.1: VPC, subnets with the spec's CIDRs over two AZs, security group chain, flow logs.</summary>
[Collection(SynthCollection.Name)]
public sealed class NetworkTests(SynthFixture synth)
{
    [Fact]
    public void Vpc_is_10_0_0_0_16_with_the_specs_subnets_in_two_azs()
    {
        var template = synth.Committed("production").Platform;

        template.HasResourceProperties("AWS::EC2::VPC", new Dictionary<string, object> { ["CidrBlock"] = "10.0.0.0/16" });
        template.ResourceCountIs("AWS::EC2::Subnet", 6);
        foreach (var cidr in new[] { "10.0.1.0/24", "10.0.11.0/24" })
        {
            template.HasResourceProperties("AWS::EC2::Subnet", new Dictionary<string, object> { ["CidrBlock"] = cidr, ["MapPublicIpOnLaunch"] = false });
        }

        foreach (var cidr in new[] { "10.0.2.0/24", "10.0.12.0/24", "10.0.3.0/24", "10.0.13.0/24" })
        {
            template.HasResourceProperties("AWS::EC2::Subnet", new Dictionary<string, object> { ["CidrBlock"] = cidr, ["MapPublicIpOnLaunch"] = false });
        }

        var azs = synth.Committed("production").Resources("AWS::EC2::Subnet")
            .Select(s => s.Resource["Properties"]!["AvailabilityZone"]!.ToJsonString()).Distinct();
        Assert.Equal(2, azs.Count());
    }

    [Fact]
    public void Public_subnets_route_to_the_internet_private_through_nat_isolated_nowhere()
    {
        var production = synth.Committed("production");

        production.Platform.ResourceCountIs("AWS::EC2::NatGateway", 2);
        synth.Committed("staging").Platform.ResourceCountIs("AWS::EC2::NatGateway", 1);
        production.Platform.ResourceCountIs("AWS::EC2::InternetGateway", 1);
        // Two routes to the internet gateway (public) and two to NAT (private); isolated have none.
        production.Platform.ResourceCountIs("AWS::EC2::Route", 4);
    }

    [Fact]
    public void Flow_logs_capture_all_traffic_into_an_encrypted_log_group()
    {
        var template = synth.Committed("production").Platform;

        template.HasResourceProperties("AWS::EC2::FlowLog", new Dictionary<string, object>
        {
            ["ResourceType"] = "VPC",
            ["TrafficType"] = "ALL",
            ["LogDestinationType"] = "cloud-watch-logs",
        });
    }

    [Fact]
    public void Security_groups_chain_alb_to_api_to_proxy_to_database_and_api_to_cache_only()
    {
        var s = synth.Committed("production");
        var ingress = s.Resources("AWS::EC2::SecurityGroupIngress")
            .Select(r => r.Resource["Properties"]!)
            .Select(p => (From: p["SourceSecurityGroupId"]?["Fn::GetAtt"]?[0]?.GetValue<string>() ?? "", To: p["GroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>(), Port: p["FromPort"] is JsonValue port ? port.GetValue<int>() : -1))
            .ToList();

        Assert.Contains(ingress, r => r.From.StartsWith("LoadBalancerSecurityGroup") && r.To.StartsWith("apiserviceSecurityGroup") && r.Port == 8080);
        Assert.Contains(ingress, r => r.From.StartsWith("apiserviceSecurityGroup") && r.To.StartsWith("DatabaseProxySecurityGroup") && r.Port == 5432);
        Assert.Contains(ingress, r => r.From.StartsWith("DatabaseProxySecurityGroup") && r.To.StartsWith("DatabaseInstanceSecurityGroup") && r.Port == 5432);
        Assert.Contains(ingress, r => r.From.StartsWith("migrationstaskSecurityGroup") && r.To.StartsWith("DatabaseInstanceSecurityGroup") && r.Port == 5432);
        Assert.Contains(ingress, r => r.From.StartsWith("apiserviceSecurityGroup") && r.To.StartsWith("CacheSecurityGroup") && r.Port == 6379);

        // Nothing else reaches the data tier: every source of the database, proxy and cache groups is listed.
        var dataTier = ingress.Where(r => r.To.StartsWith("Database") || r.To.StartsWith("Cache")).Select(r => r.From.Split("SecurityGroup")[0]).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["DatabaseProxy", "DatabaseRotation", "apiservice", "migrationstask"], dataTier);

        // The API accepts traffic from the load balancer only; the ALB only from the internet on 80/443.
        Assert.All(ingress.Where(r => r.To.StartsWith("apiservice")), r => Assert.StartsWith("LoadBalancer", r.From));
        s.Platform.HasResourceProperties("AWS::EC2::SecurityGroup", Match.ObjectLike(new Dictionary<string, object>
        {
            ["SecurityGroupIngress"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["CidrIp"] = "0.0.0.0/0", ["FromPort"] = 443 })]),
        }));
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public void An_s3_gateway_endpoint_serves_the_private_subnets_and_interface_endpoints_are_off_by_default(string env)
    {
        var s = synth.Committed(env);
        var endpoint = s.Resources("AWS::EC2::VPCEndpoint").Single().Resource["Properties"]!;

        Assert.Equal("Gateway", endpoint["VpcEndpointType"]!.GetValue<string>());
        Assert.EndsWith(".s3", endpoint["ServiceName"]!.ToJsonString().Trim('"', ']', '}'));
        var privateRouteTables = s.Resources("AWS::EC2::RouteTable").Select(r => r.Id).Where(id => id.Contains("private", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var served = endpoint["RouteTableIds"]!.AsArray().Select(r => r!["Ref"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(privateRouteTables, served);
        Assert.Equal(2, served.Count());
    }

    [Fact]
    public void Opted_in_interface_endpoints_reach_ecr_logs_and_secrets_from_the_task_subnets_only()
    {
        var s = OptionsSynth.Get(synth);
        var endpoints = s.Resources("AWS::EC2::VPCEndpoint").Select(r => r.Resource["Properties"]!).Where(p => p["VpcEndpointType"]!.GetValue<string>() == "Interface").ToList();

        Assert.Equal(["ecr.api", "ecr.dkr", "logs", "secretsmanager"], endpoints.Select(p => p["ServiceName"]!.GetValue<string>().Split("us-east-1.")[1]).Order(StringComparer.Ordinal));
        Assert.All(endpoints, p =>
        {
            Assert.True(p["PrivateDnsEnabled"]!.GetValue<bool>());
            Assert.All(p["SubnetIds"]!.AsArray(), subnet => Assert.Contains("private", subnet!["Ref"]!.GetValue<string>(), StringComparison.Ordinal));
        });

        var group = endpoints.Select(p => p["SecurityGroupIds"]![0]!["Fn::GetAtt"]![0]!.GetValue<string>()).Distinct().Single();
        var ingress = s.PlatformJson["Resources"]![group]!["Properties"]!["SecurityGroupIngress"]!.AsArray()
            .Select(r => (Cidr: r!["CidrIp"]!.GetValue<string>(), Port: r["FromPort"]!.GetValue<int>()));
        Assert.Equal([("10.0.12.0/24", 443), ("10.0.2.0/24", 443)], ingress.Order());
    }
}
