using Amazon.CDK.Assertions;
using MealPlanner.Deploy.Infrastructure;
using MealPlanner.Deploy.Manifest;
using MealPlanner.Deploy.Mapping;
using MealPlanner.Deploy.Settings;

namespace MealPlanner.Deploy.Tests;

/// <summary>Domain and certificate rules, checked before any construct exists (no CDK, no jsii).</summary>
public sealed class DomainPlanTests
{
    private static readonly string TwoWeb = SynthFixture.Fixture("two-web-projects.json");

    private static DeploySettings Committed(string env) => DeploySettings.Load(SynthFixture.SettingsFile(env), DeploymentEnvironment.Of(env));

    private static DeploySettings Imported() => DeploySettings.Load(SynthFixture.Fixture("settings-fixture.json"), DeploymentEnvironment.Of("staging"));

    private static DomainPlan Plan(DeploySettings settings, string env, string? manifest = null) =>
        DomainPlan.Create(DeploymentPlan.Create(ManifestReader.Load(manifest ?? SynthFixture.CommittedManifest), settings, DeploymentEnvironment.Of(env)));

    private static string Problem(Action action)
    {
        var problem = Assert.Throws<DeployProblem>(action);
        Assert.DoesNotContain('\n', problem.Message);
        return problem.Message;
    }

    [Theory]
    [InlineData("staging", "api-staging.mealplanner.com")]
    [InlineData("production", "api.mealplanner.com")]
    public void The_committed_settings_give_a_hosted_zone_so_the_stack_creates_the_certificate(string env, string domain)
    {
        var plan = Plan(Committed(env), env);

        Assert.True(plan.CreatesCertificate);
        Assert.Equal("mealplanner.com", plan.ZoneName);
        Assert.Matches("^Z[A-Z0-9]+$", plan.ZoneId);
        Assert.Equal(domain, plan.Hosts["api"]);
    }

    [Fact]
    public void Without_a_zone_or_a_certificate_arn_the_app_fails_with_one_line_naming_both_settings()
    {
        var settings = Committed("staging");
        settings.HostedZone = null;
        settings.CertificateArn = "";

        // Through the app's entry: the check runs before jsii starts, like the manifest's.
        var message = Problem(() => DeploymentApp.Create(ManifestReader.Load(SynthFixture.CommittedManifest), settings, DeploymentEnvironment.Of("staging")));

        Assert.Equal("settings/staging.json: set \"hostedZone\" (the stack then creates and validates the certificate) or \"certificateArn\" (an ACM certificate for api-staging.mealplanner.com); see docs/deploy/settings.md", message);
    }

    [Fact]
    public void A_certificate_arn_alone_imports_the_certificate_for_the_domain()
    {
        var settings = Committed("production");
        settings.HostedZone = null;
        settings.CertificateArn = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-1111-1111-1111-111111111111";

        var plan = Plan(settings, "production");

        Assert.False(plan.CreatesCertificate);
        Assert.Null(plan.ZoneId);
    }

    [Fact]
    public void An_imported_certificate_must_list_every_host_of_a_second_web_project()
    {
        var settings = Imported();
        settings.CertificateNames = ["api-test.mealplanner.com"];

        var message = Problem(() => Plan(settings, "staging", TwoWeb));

        Assert.Contains("'admin-test.mealplanner.com'", message);
        Assert.Contains("\"services.admin.hostHeader\"", message);
        Assert.Contains("\"certificateNames\"", message);
    }

    [Fact]
    public void Without_certificate_names_an_imported_certificate_covers_only_the_domain()
    {
        var settings = Imported();
        settings.CertificateNames = null;

        Assert.Contains("'admin-test.mealplanner.com'", Problem(() => Plan(settings, "staging", TwoWeb)));
    }

    [Fact]
    public void A_wildcard_certificate_name_covers_the_second_host()
    {
        var settings = Imported();
        settings.CertificateNames = ["api-test.mealplanner.com", "*.mealplanner.com"];

        var plan = Plan(settings, "staging", TwoWeb);

        Assert.Equal("admin-test.mealplanner.com", plan.Hosts["admin"]);
    }

    [Theory]
    [InlineData("*.mealplanner.com", "admin.mealplanner.com", true)]
    [InlineData("*.mealplanner.com", "ADMIN.MealPlanner.com", true)]
    [InlineData("*.mealplanner.com", "a.b.mealplanner.com", false)]
    [InlineData("*.mealplanner.com", "mealplanner.com", false)]
    [InlineData("*.mealplanner.com", "admin.mealplanner.com.evil.net", false)]
    [InlineData("api.mealplanner.com", "api.mealplanner.com", true)]
    [InlineData("api.mealplanner.com", "admin.mealplanner.com", false)]
    public void A_wildcard_covers_exactly_one_label(string certificateName, string host, bool covered)
    {
        Assert.Equal(covered, DomainPlan.Covers(certificateName, host));
    }

    [Fact]
    public void With_a_zone_every_host_goes_on_the_created_certificate()
    {
        var plan = Plan(OptionsSynth.Settings(), "production", TwoWeb);

        Assert.True(plan.CreatesCertificate);
        Assert.Equal("Z0FIXTURE0000000000000", plan.ZoneId);
        Assert.Equal("mealplanner.com", plan.ZoneName);
        Assert.Equal(["admin-test.mealplanner.com"], plan.AlternativeNames);
    }

    [Fact]
    public void A_host_outside_the_zone_is_one_line_naming_the_host_and_its_setting()
    {
        var settings = OptionsSynth.Settings();
        settings.Service("admin").HostHeader = "admin.example.org";

        var message = Problem(() => Plan(settings, "production", TwoWeb));

        Assert.Contains("'admin.example.org'", message);
        Assert.Contains("\"services.admin.hostHeader\"", message);
        Assert.Contains("\"hostedZone.name\"", message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("mealplanner.com")]
    [InlineData("z123 lower")]
    public void A_malformed_zone_id_is_one_line_naming_the_setting(string id)
    {
        var settings = Committed("staging");
        settings.HostedZone = new HostedZoneSettings { Id = id, Name = "mealplanner.com" };

        Assert.Contains("\"hostedZone.id\"", Problem(() => Plan(settings, "staging")));
    }

    [Fact]
    public void A_zone_without_a_name_is_one_line_naming_the_setting()
    {
        var settings = Committed("staging");
        settings.HostedZone = new HostedZoneSettings { Id = "Z0123456789ABCDEFGHIJ" };

        Assert.Contains("\"hostedZone.name\"", Problem(() => Plan(settings, "staging")));
    }
}

/// <summary>What the domain settings become in the template: certificate, its validation, the alias records.</summary>
[Collection(SynthCollection.Name)]
public sealed class DomainTests(SynthFixture synth)
{
    [Fact]
    public void With_the_committed_zone_the_certificate_validates_in_the_zone_and_an_alias_points_at_the_alb()
    {
        var s = synth.Committed("production");

        s.Platform.HasResourceProperties("AWS::CertificateManager::Certificate", new Dictionary<string, object>
        {
            ["DomainName"] = "api.mealplanner.com",
            ["ValidationMethod"] = "DNS",
            ["DomainValidationOptions"] = new[] { new Dictionary<string, object> { ["DomainName"] = "api.mealplanner.com", ["HostedZoneId"] = "Z0123456789ABCDEFGHIJ" } },
        });
        s.Platform.ResourceCountIs("AWS::Route53::RecordSet", 1);
        s.Platform.HasResourceProperties("AWS::Route53::RecordSet", new Dictionary<string, object>
        {
            ["Name"] = "api.mealplanner.com.",
            ["Type"] = "A",
            ["HostedZoneId"] = "Z0123456789ABCDEFGHIJ",
            ["AliasTarget"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["HostedZoneId"] = new Dictionary<string, object> { ["Fn::GetAtt"] = new[] { LoadBalancerId(s), "CanonicalHostedZoneID" } },
            }),
        });
        // The listener serves the certificate the stack created.
        s.Platform.HasResourceProperties("AWS::ElasticLoadBalancingV2::Listener", new Dictionary<string, object>
        {
            ["Port"] = 443,
            ["Certificates"] = new[] { new Dictionary<string, object> { ["CertificateArn"] = new Dictionary<string, object> { ["Ref"] = s.Resources("AWS::CertificateManager::Certificate").Single().Id } } },
        });
    }

    [Fact]
    public void A_second_web_project_in_the_zone_gets_its_name_on_the_certificate_and_its_own_alias()
    {
        var s = OptionsSynth.Get(synth);

        s.Platform.HasResourceProperties("AWS::CertificateManager::Certificate", new Dictionary<string, object>
        {
            ["DomainName"] = "api-test.mealplanner.com",
            ["SubjectAlternativeNames"] = new[] { "admin-test.mealplanner.com" },
            ["DomainValidationOptions"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["DomainName"] = "admin-test.mealplanner.com", ["HostedZoneId"] = "Z0FIXTURE0000000000000" })]),
        });
        var names = s.Resources("AWS::Route53::RecordSet").Select(r => r.Resource["Properties"]!["Name"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(["admin-test.mealplanner.com.", "api-test.mealplanner.com."], names);
    }

    [Fact]
    public void An_imported_certificate_makes_no_certificate_and_no_dns_records()
    {
        var s = synth.TwoWebProjects;

        s.Platform.ResourceCountIs("AWS::CertificateManager::Certificate", 0);
        s.Platform.ResourceCountIs("AWS::Route53::RecordSet", 0);
    }

    private static string LoadBalancerId(Synthesized s) => s.Resources("AWS::ElasticLoadBalancingV2::LoadBalancer").Single().Id;
}
