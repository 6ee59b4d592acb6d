using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Constructs;
using MealPlanner.Deploy.Mapping;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>
/// ECR repositories, one per project. A stack of its own, deployed first, so CI can push images
/// before the services that run them exist.
/// </summary>
public sealed class RegistryStack : Stack
{
    public static string RepositoryName(string environmentName, string project) => $"meal-planner-{environmentName}/{project}";

    public RegistryStack(Construct scope, string id, DeploymentPlan plan, IStackProps props) : base(scope, id, props)
    {
        foreach (var project in plan.Projects)
        {
            new Repository(this, $"{project.Name}-repository", new RepositoryProps
            {
                RepositoryName = RepositoryName(plan.EnvironmentName, project.Name),
                ImageScanOnPush = true,
                // CI tags images with the commit SHA: a tag never moves, so a rollback is exact.
                ImageTagMutability = TagMutability.IMMUTABLE,
                LifecycleRules = [new Amazon.CDK.AWS.ECR.LifecycleRule { MaxImageCount = 50, Description = "keep the last 50 images" }],
                RemovalPolicy = RemovalPolicy.RETAIN,
            });
        }
    }
}
