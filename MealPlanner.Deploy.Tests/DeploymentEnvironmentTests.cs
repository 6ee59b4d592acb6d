namespace MealPlanner.Deploy.Tests;

/// <summary>Every physical name comes from the typed environment; the pipeline's scripts and the registry stack's
/// deploy role depend on these exact names.</summary>
public sealed class DeploymentEnvironmentTests
{
    [Fact]
    public void Names_derived_from_the_environment_are_the_ones_the_scripts_and_the_deploy_role_use()
    {
        var staging = DeploymentEnvironment.Of("staging");

        Assert.False(staging.IsProduction);
        Assert.Equal("MealPlanner-Staging", staging.PlatformStackName);
        Assert.Equal("MealPlanner-Staging-Registry", staging.RegistryStackName);
        Assert.Equal("meal-planner-staging", staging.ClusterName);
        Assert.Equal("meal-planner-staging-api", staging.ServiceName("api"));
        Assert.Equal("meal-planner-staging-db", staging.DatabaseInstanceName);
        Assert.Equal("meal-planner-staging-deploy", staging.DeployRoleName);
        Assert.Equal("/meal-planner/staging/deployed-tags", staging.DeployHistoryParameter);
        Assert.Equal("staging/jwt/secret", staging.SecretName("jwt/secret"));
        Assert.Equal("settings/staging.json", staging.SettingsFile);
        Assert.True(DeploymentEnvironment.Of("production").IsProduction);
    }

    [Fact]
    public void A_repository_name_is_lower_case_whatever_the_project_name_because_ecr_rejects_capitals()
    {
        Assert.Equal("meal-planner-production/api", DeploymentEnvironment.Of("production").RepositoryName("Api"));
    }

    [Theory]
    [InlineData("qa")]
    [InlineData("Staging")]
    [InlineData("")]
    public void An_unknown_environment_is_one_line_naming_the_known_ones(string name)
    {
        var problem = Assert.Throws<DeployProblem>(() => DeploymentEnvironment.Of(name));

        Assert.Equal($"--env must be one of staging, production (got '{name}')", problem.Message);
    }
}
