using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.KMS;
using Constructs;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>Customer-managed KMS keys: rotated yearly, usable by the named AWS services, grants only for AWS resources.</summary>
public static class EncryptionKeys
{
    public static Key Create(Construct scope, string id, string description, params string[] servicePrincipals)
    {
        var key = new Key(scope, id, new KeyProps
        {
            Description = description,
            EnableKeyRotation = true,
            RemovalPolicy = RemovalPolicy.DESTROY,
            PendingWindow = Duration.Days(7),
        });
        foreach (var service in servicePrincipals)
        {
            key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
            {
                Principals = [new ServicePrincipal(service)],
                Actions = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resources = ["*"],
            }));
        }

        // Control Tower CT.KMS.PR.3: nobody but AWS services creates grants on the key.
        key.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Effect = Effect.DENY,
            Principals = [new AnyPrincipal()],
            Actions = ["kms:CreateGrant"],
            Resources = ["*"],
            Conditions = new Dictionary<string, object>
            {
                ["BoolIfExists"] = new Dictionary<string, object>
                {
                    ["kms:GrantIsForAWSResource"] = "false",
                    ["aws:PrincipalIsAWSService"] = "false",
                },
            },
        }));
        return key;
    }
}
