using System.Net;
using Amazon.CDK.Assertions;

namespace MealPlanner.Deploy.Tests;

/// <summary>Compute: ECR, ECS cluster, the API as a Fargate service behind the ALB, the migration gate.</summary>
[Collection(SynthCollection.Name)]
public sealed class ComputeTests(SynthFixture synth)
{
    [Fact]
    public void Every_project_has_an_ecr_repository_with_immutable_scanned_images()
    {
        var s = synth.Committed("production");

        s.Registry.ResourceCountIs("AWS::ECR::Repository", s.Deployment.Plan.Projects.Count);
        foreach (var project in s.Deployment.Plan.Projects)
        {
            s.Registry.HasResourceProperties("AWS::ECR::Repository", new Dictionary<string, object>
            {
                ["RepositoryName"] = $"meal-planner-production/{project.Name}",
                ["ImageTagMutability"] = "IMMUTABLE",
                ["ImageScanningConfiguration"] = new Dictionary<string, object> { ["ScanOnPush"] = true },
            });
        }
    }

    [Fact]
    public void The_api_runs_2_fargate_tasks_of_half_a_vcpu_and_1gb_with_circuit_breaker_rollback_and_alarms()
    {
        var template = synth.Committed("production").Platform;

        template.ResourceCountIs("AWS::ECS::Cluster", 1);
        template.HasResourceProperties("AWS::ECS::Service", new Dictionary<string, object>
        {
            ["ServiceName"] = "meal-planner-production-api",
            ["LaunchType"] = "FARGATE",
            ["DesiredCount"] = 2,
            ["DeploymentConfiguration"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["DeploymentCircuitBreaker"] = new Dictionary<string, object> { ["Enable"] = true, ["Rollback"] = true },
                ["Alarms"] = Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Enable"] = true,
                    ["Rollback"] = true,
                    ["AlarmNames"] = Match.AnyValue(),
                }),
            }),
            ["NetworkConfiguration"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["AwsvpcConfiguration"] = Match.ObjectLike(new Dictionary<string, object> { ["AssignPublicIp"] = "DISABLED" }),
            }),
        });
        template.HasResourceProperties("AWS::ECS::TaskDefinition", new Dictionary<string, object>
        {
            ["Family"] = "meal-planner-production-api",
            ["Cpu"] = "512",
            ["Memory"] = "1024",
            ["RequiresCompatibilities"] = new[] { "FARGATE" },
        });
    }

    [Fact]
    public void The_alb_serves_https_with_the_certificate_redirects_http_and_checks_health_on_slash_health()
    {
        var template = synth.Future.Platform;

        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", new Dictionary<string, object> { ["Scheme"] = "internet-facing" });
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", new Dictionary<string, object>
        {
            ["Port"] = 443,
            ["Protocol"] = "HTTPS",
            ["Certificates"] = new[] { new Dictionary<string, object> { ["CertificateArn"] = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000" } },
        });
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", new Dictionary<string, object>
        {
            ["Port"] = 80,
            ["Protocol"] = "HTTP",
            ["DefaultActions"] = new[]
            {
                Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Type"] = "redirect",
                    ["RedirectConfig"] = Match.ObjectLike(new Dictionary<string, object> { ["Protocol"] = "HTTPS", ["Port"] = "443" }),
                }),
            },
        });
        template.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", new Dictionary<string, object>
        {
            ["HealthCheckPath"] = "/health",
            ["Port"] = 8080,
            ["TargetType"] = "ip",
        });
    }


    [Fact]
    public void The_migration_task_runs_to_completion_before_the_api_rolls_out()
    {
        var s = synth.Committed("production");
        var gate = s.Resources("Custom::RunTaskToCompletion").Single();
        var service = s.Resources("AWS::ECS::Service").Single().Resource;

        Assert.Contains(gate.Id, service["DependsOn"]!.AsArray().Select(d => d!.GetValue<string>()));
        var properties = gate.Resource["Properties"]!.AsObject();
        Assert.Equal("migrations", properties["Container"]!.GetValue<string>());
        Assert.Contains("migrationstaskTask", properties["TaskDefinition"]!.ToJsonString());

        // The runner fails the deployment on a non-zero exit code (the CloudFormation custom resource throws).
        var code = s.Resources("AWS::Lambda::Function").Select(f => f.Resource["Properties"]!["Code"]?["ZipFile"]?.GetValue<string>()).OfType<string>().First(c => c.Contains("RunTaskCommand"));
        Assert.Contains("run.exitCode !== 0", code);
        Assert.Contains("throw new Error", code);
        s.Platform.HasResourceProperties("AWS::ECS::TaskDefinition", new Dictionary<string, object> { ["Family"] = "meal-planner-production-migrations" });
    }

    [Fact]
    public void Connection_strings_and_secrets_reach_tasks_only_as_ecs_secrets()
    {
        var s = synth.Committed("production");
        foreach (var project in s.Deployment.Plan.Projects)
        {
            var container = s.Container(project.Name);
            var plain = container["Environment"]?.ToJsonString() ?? "";
            var secrets = Synthesized.Names(container["Secrets"]).ToList();

            Assert.DoesNotContain("resolve:secretsmanager", plain);
            Assert.DoesNotContain("ConnectionStrings__", plain);
            Assert.DoesNotContain("PASSWORD", plain, StringComparison.OrdinalIgnoreCase);
            foreach (var connectionString in project.Env.Where(e => e.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)))
            {
                Assert.Contains(connectionString.Key, secrets);
            }

            // Web services sign in to RDS Proxy with IAM tokens and hold no password; a one-off task reads
            // PGPASSWORD at start. The connection string holds none.
            if (project.Role == Mapping.ProjectRole.WebService)
            {
                Assert.DoesNotContain("PGPASSWORD", secrets);
            }
            else
            {
                Assert.Contains("PGPASSWORD", secrets);
            }
        }

        var connection = s.SecretNamed("production/api/ConnectionStrings__mealplanner").ToJsonString();
        Assert.Contains("DatabaseProxy", connection);
        Assert.Contains("Database=mealplanner;SSL Mode=Require", connection);
        Assert.DoesNotContain("Password", connection);
        var cache = s.SecretNamed("production/api/ConnectionStrings__cache").ToJsonString();
        Assert.Contains("PrimaryEndPoint.Address", cache);
        Assert.Contains("ssl=true", cache);
        Assert.Contains("CacheAuthToken", cache);
    }

    /// <summary>The API's CORS origins and trusted proxy networks come from the manifest's parameters, filled by each
    /// environment's settings; the networks must cover the synthesized VPC, where the ALB forwards from, or every
    /// client would look like the load balancer (one rate-limit bucket for everyone).</summary>
    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    public void The_api_gets_the_edge_parameters_of_its_environment_and_trusts_the_synthesized_vpc(string env)
    {
        var s = synth.Committed(env);
        var parameters = s.Deployment.Plan.Settings.Parameters;
        var api = s.Container("api")["Environment"]!.AsArray()
            .ToDictionary(e => e!["Name"]!.GetValue<string>(), e => e!["Value"]!.GetValue<string>());
        var vpcCidr = IPNetwork.Parse(s.Resources("AWS::EC2::VPC").Single().Resource["Properties"]!["CidrBlock"]!.GetValue<string>());

        var trusted = parameters["api-trusted-proxy-networks"].Split(',', StringSplitOptions.TrimEntries).Select(IPNetwork.Parse).ToList();
        Assert.Contains(trusted, network => network.PrefixLength <= vpcCidr.PrefixLength && network.Contains(vpcCidr.BaseAddress));
        Assert.Equal(parameters["api-trusted-proxy-networks"], api[EnvKeyOf(s, "api-trusted-proxy-networks")]);
        Assert.Equal(parameters["api-cors-origins"], api[EnvKeyOf(s, "api-cors-origins")]);
        Assert.DoesNotContain(api.Values, value => value.Contains("localhost", StringComparison.OrdinalIgnoreCase));
    }

    // The variable the manifest hands the parameter to: the AppHost names it, the deployer does not.
    private static string EnvKeyOf(Synthesized s, string parameter) =>
        s.Deployment.Plan.Manifest.Find("api")!.Env.Single(e => e.Value == $"{{{parameter}.value}}").Key;

    [Fact]
    public void Each_service_has_its_own_task_role()
    {
        var s = synth.Committed("production");
        var roles = s.Resources("AWS::ECS::TaskDefinition").Select(t => t.Resource["Properties"]!["TaskRoleArn"]!.ToJsonString()).ToList();

        Assert.Equal(s.Deployment.Plan.Projects.Count, roles.Distinct().Count());
    }

    [Fact]
    public void Tasks_run_as_non_root_on_a_read_only_root_filesystem()
    {
        var api = synth.Committed("production").Container("api");

        Assert.Equal("1654", api["User"]!.GetValue<string>());
        Assert.True(api["ReadonlyRootFilesystem"]!.GetValue<bool>());
        Assert.Equal(1024 - MealPlanner.Deploy.Infrastructure.MetricsCollector.MemoryMiB, api["Memory"]!.GetValue<int>());
        Assert.Equal(8080, api["PortMappings"]![0]!["ContainerPort"]!.GetValue<int>());
    }
}
