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
}
