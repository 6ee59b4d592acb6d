using Amazon.CDK.AWS.Budgets;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.SNS;
using Constructs;
using MealPlanner.Deploy.Settings;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>
/// Risk 1 of the spec: a monthly cost budget alerting at $50, $100 and $150 of actual spend.
/// Account-wide on purpose: a tag filter needs an activated cost-allocation tag and would otherwise
/// never alert. With both environments in one account, each sends its own copy.
/// </summary>
public sealed class Billing : Construct
{
    public CfnBudget Budget { get; }

    public Billing(Construct scope, string id, DeploymentEnvironment environment, BudgetSettings settings, Topic alerts) : base(scope, id)
    {
        alerts.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Principals = [new ServicePrincipal("budgets.amazonaws.com")],
            Actions = ["sns:Publish"],
            Resources = [alerts.TopicArn],
        }));

        var subscribers = new List<CfnBudget.SubscriberProperty> { new() { SubscriptionType = "SNS", Address = alerts.TopicArn } };
        if (settings.Email is { Length: > 0 } email)
        {
            subscribers.Add(new CfnBudget.SubscriberProperty { SubscriptionType = "EMAIL", Address = email });
        }

        var thresholds = settings.AlertsUsd!;
        Budget = new CfnBudget(this, "MonthlyCost", new CfnBudgetProps
        {
            Budget = new CfnBudget.BudgetDataProperty
            {
                BudgetName = environment.ResourceName("monthly"),
                BudgetType = "COST",
                TimeUnit = "MONTHLY",
                BudgetLimit = new CfnBudget.SpendProperty { Amount = thresholds.Max(), Unit = "USD" },
            },
            NotificationsWithSubscribers = thresholds.Select(usd => new CfnBudget.NotificationWithSubscribersProperty
            {
                Notification = new CfnBudget.NotificationProperty
                {
                    NotificationType = "ACTUAL",
                    ComparisonOperator = "GREATER_THAN",
                    Threshold = usd,
                    ThresholdType = "ABSOLUTE_VALUE",
                },
                Subscribers = subscribers.ToArray(),
            }).ToArray(),
        });
    }
}
