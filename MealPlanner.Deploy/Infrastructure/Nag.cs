using Amazon.CDK;
using Constructs;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>
/// Writes scanner suppressions as resource metadata, next to the resource they excuse, so they
/// survive synthesis and re-import (cdk-nag reads Metadata.cdk_nag.rules_to_suppress; cfn-guard's
/// Control Tower rules read Metadata.guard.SuppressedRules). Every suppression carries its reason.
/// </summary>
public static class Nag
{
    /// <summary>Suppresses a cdk-nag rule on the CloudFormation resources under <paramref name="scope"/>.</summary>
    public static void Suppress(IConstruct scope, string rule, string reason, params string[] appliesTo)
    {
        foreach (var resource in Resources(scope))
        {
            var metadata = resource.GetMetadata("cdk_nag") as IDictionary<string, object>;
            var rules = (metadata?["rules_to_suppress"] as IEnumerable<object> ?? []).ToList();
            var entry = new Dictionary<string, object> { ["id"] = rule, ["reason"] = reason };
            if (appliesTo.Length > 0)
            {
                entry["applies_to"] = appliesTo;
            }

            rules.Add(entry);
            resource.AddMetadata("cdk_nag", new Dictionary<string, object> { ["rules_to_suppress"] = rules.ToArray() });
        }
    }

    /// <summary>Suppresses a cfn-guard rule; cfn-guard has no reason field, so the reason goes beside it.</summary>
    public static void SuppressGuard(IConstruct scope, string rule, string reason)
    {
        foreach (var resource in Resources(scope))
        {
            var metadata = resource.GetMetadata("guard") as IDictionary<string, object>;
            var rules = (metadata?["SuppressedRules"] as IEnumerable<object> ?? []).Append(rule).ToArray();
            var reasons = (metadata?["Reasons"] as IEnumerable<object> ?? []).Append($"{rule}: {reason}").ToArray();
            resource.AddMetadata("guard", new Dictionary<string, object> { ["SuppressedRules"] = rules, ["Reasons"] = reasons });
        }
    }

    private static IEnumerable<CfnResource> Resources(IConstruct scope) =>
        scope.Node.FindAll().OfType<CfnResource>();
}
