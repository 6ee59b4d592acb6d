namespace MealPlanner.Deploy.Tests;

/// <summary>Every scanner suppression written into the templates carries a reason beside its resource.</summary>
[Collection(SynthCollection.Name)]
public sealed class SuppressionTests(SynthFixture synth)
{
    [Fact]
    public void Every_cdk_nag_and_cfn_guard_suppression_has_a_reason()
    {
        foreach (var s in new[] { synth.Committed("production"), synth.Committed("staging"), synth.Future })
        {
            var resources = s.PlatformJson["Resources"]!.AsObject().Concat(s.RegistryJson["Resources"]!.AsObject());
            foreach (var (id, resource) in resources.Select(r => (r.Key, r.Value!)))
            {
                foreach (var rule in resource["Metadata"]?["cdk_nag"]?["rules_to_suppress"]?.AsArray() ?? [])
                {
                    Assert.True(rule!["reason"]!.GetValue<string>().Length >= 20, $"{id}: cdk-nag {rule["id"]} has no real reason");
                }

                var guard = resource["Metadata"]?["guard"];
                if (guard is not null)
                {
                    var rules = guard["SuppressedRules"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
                    var reasons = guard["Reasons"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();
                    Assert.All(rules, rule => Assert.Contains(reasons, reason => reason.StartsWith($"{rule}: ", StringComparison.Ordinal) && reason.Length > rule.Length + 20));
                }
            }
        }
    }

    [Fact]
    public void The_tasks_own_roles_and_definitions_carry_no_iam_suppression()
    {
        var s = synth.Future;
        var taskRoles = s.Resources("AWS::IAM::Role").Where(r => r.Id.Contains("TaskRole", StringComparison.Ordinal) && !r.Id.Contains("Execution", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, taskRoles.Count);
        Assert.All(taskRoles, r => Assert.Null(r.Resource["Metadata"]?["cdk_nag"]?["rules_to_suppress"]?.AsArray().FirstOrDefault(x => x!["id"]!.GetValue<string>() == "AwsSolutions-IAM4")));
    }
}
