using Amazon.CDK.Assertions;

namespace MealPlanner.Deploy.Tests;

/// <summary>
/// `cdk synth --strict` fails on any warning annotation: none may exist on either stack of any app. The CLI run
/// itself (`npx cdk synth --strict -c env=...`, about a minute per environment) is in scripts/lint-infra.sh.
/// </summary>
[Collection(SynthCollection.Name)]
public sealed class StrictSynthTests(SynthFixture synth)
{
    [Theory]
    [InlineData("staging")]
    [InlineData("production")]
    [InlineData("future")]
    [InlineData("two-web")]
    [InlineData("options")]
    public void No_stack_carries_a_warning_or_an_error(string app)
    {
        var s = app switch
        {
            "future" => synth.Future,
            "two-web" => synth.TwoWebProjects,
            "options" => OptionsSynth.Get(synth),
            _ => synth.Committed(app),
        };

        foreach (var stack in new Amazon.CDK.Stack[] { s.Deployment.Platform, s.Deployment.Registry })
        {
            var annotations = Annotations.FromStack(stack);
            var found = annotations.FindWarning("*", Match.AnyValue()).Concat(annotations.FindError("*", Match.AnyValue()))
                .Select(m => $"{m.Id}: {m.Entry.Data}");
            Assert.Empty(found);
        }
    }

    [Fact]
    public void The_https_listener_has_one_default_action_forwarding_to_the_api()
    {
        var s = synth.Committed("production");
        var https = s.Resources("AWS::ElasticLoadBalancingV2::Listener").Single(l => l.Resource["Properties"]!["Port"]!.GetValue<int>() == 443).Resource;

        var action = Assert.Single(https["Properties"]!["DefaultActions"]!.AsArray())!;
        Assert.Equal("forward", action["Type"]!.GetValue<string>());
        Assert.Equal(s.Resources("AWS::ElasticLoadBalancingV2::TargetGroup").Single().Id, action["TargetGroupArn"]!["Ref"]!.GetValue<string>());
    }
}

/// <summary>`npx cdk` from the root runs the same pinned CLI as the scripts (no synthesis).</summary>
public sealed class CdkCliPinTests
{
    private static System.Text.Json.Nodes.JsonNode Read(params string[] path) =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine([SynthFixture.RepositoryRoot, .. path])))!;

    [Fact]
    public void The_root_package_pins_the_same_cdk_cli_as_the_infra_tools_and_locks_it()
    {
        var pinned = Read("scripts", "infra-tools", "package.json")["dependencies"]!["aws-cdk"]!.GetValue<string>();

        var root = Read("package.json");
        Assert.True(root["private"]!.GetValue<bool>());
        Assert.Equal(pinned, root["devDependencies"]!["aws-cdk"]!.GetValue<string>());
        Assert.Equal(pinned, Read("package-lock.json")["packages"]!["node_modules/aws-cdk"]!["version"]!.GetValue<string>());
        Assert.Contains("dotnet run --project MealPlanner.Deploy", Read("cdk.json")["app"]!.GetValue<string>());
        Assert.Contains("node_modules/", File.ReadAllLines(Path.Combine(SynthFixture.RepositoryRoot, ".gitignore")));
    }
}
