using Amazon.CDK;
using Amazon.CDK.AWS.ECR;
using Constructs;
using MealPlanner.Deploy.Mapping;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>
/// ECR repositories, one per project, and the pipeline's access (GitHub OIDC trust and deploy role).
/// A stack of its own, deployed first, so CI can push images before the services that run them exist.
/// </summary>
public sealed class RegistryStack : Stack
{
    public IReadOnlyDictionary<string, Repository> Repositories { get; }
    public PipelineAccess Pipeline { get; }

    public RegistryStack(Construct scope, string id, DeploymentPlan plan, IStackProps props) : base(scope, id, props)
    {
        var env = plan.Environment;
        Repositories = plan.Projects.ToDictionary(p => p.Name, project => new Repository(this, $"{project.Name}-repository", new RepositoryProps
        {
            RepositoryName = env.RepositoryName(project.Name),
            ImageScanOnPush = true,
            // CI tags images with the commit SHA: a tag never moves, so a rollback is exact.
            ImageTagMutability = TagMutability.IMMUTABLE,
            LifecycleRules = [new Amazon.CDK.AWS.ECR.LifecycleRule { MaxImageCount = 50, Description = "keep the last 50 images" }],
            // Fixed names: a failed first create's rollback deletes them (still empty), so the retry can create them again.
            RemovalPolicy = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
        }));

        Pipeline = new PipelineAccess(this, "Pipeline", new PipelineAccessProps
        {
            Environment = env,
            GitHubRepository = plan.Settings.GitHub.RepositoryFor(env),
            CreateOidcProvider = plan.Settings.GitHub.CreateOidcProvider!.Value,
            Repositories = [.. Repositories.Values],
            StackNames = [env.RegistryStackName, env.PlatformStackName],
            Services = [.. plan.WebServices.Concat(plan.BackgroundServices).Select(p => p.Name)],
        });

        // Read by the deploy scripts by OutputKey (describe-stacks); no exports, so nothing pins these values.
        foreach (var (project, repository) in Repositories)
        {
            new CfnOutput(this, OutputKeys.Of(project, "RepositoryUri"), new CfnOutputProps
            {
                Value = repository.RepositoryUri,
                Description = $"docker push target of {project} (tag = commit SHA)",
            });
        }

        new CfnOutput(this, "DeployRoleArn", new CfnOutputProps
        {
            Value = Pipeline.Role.RoleArn,
            Description = $"role GitHub Actions assumes (OIDC) to deploy {env}",
        });
    }
}
