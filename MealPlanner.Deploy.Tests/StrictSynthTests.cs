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
