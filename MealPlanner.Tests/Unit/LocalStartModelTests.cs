using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using MealPlanner.AppHost;
using MealPlanner.AppHost.LocalProcesses;
using MealPlanner.AppHost.LocalRuntime;
using MealPlanner.Tests.Platform;

namespace MealPlanner.Tests.Unit;

/// <summary>Start-up choices of the processes-mode app model, read from the model without starting anything.</summary>
public sealed class LocalStartModelTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public async Task One_api_replica_listens_on_its_port_itself_and_several_share_aspires_proxy(int replicas, bool proxied)
    {
        var builder = await ModelAsync($"Api:Replicas={replicas}");

        var http = builder.Resources.Single(r => r.Name == PlatformResources.Api)
            .Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");

        Assert.Equal(proxied, http.IsProxied);
    }

    [Fact]
    public async Task In_processes_mode_dcp_is_given_a_container_runtime_whose_client_is_not_installed()
    {
        var builder = await ModelAsync();

        var expected = LocalRuntimeSelector.RuntimeDcpCannotReach(ServerBinaries.IsOnPath);
        Assert.Equal(expected, builder.Configuration[AppHostSetup.ContainerRuntimeSetting]);
        if (expected is not null)
        {
            Assert.False(ServerBinaries.IsOnPath(expected), $"{expected} is installed, so DCP would still probe it");
        }
    }

    [Fact]
    public async Task A_container_runtime_set_by_the_user_is_kept_in_processes_mode()
    {
        var builder = await ModelAsync($"{AppHostSetup.ContainerRuntimeSetting}=docker");

        Assert.Equal("docker", builder.Configuration[AppHostSetup.ContainerRuntimeSetting]);
    }

    private static Task<IDistributedApplicationTestingBuilder> ModelAsync(params string[] settings) =>
        AppModel.BuildAsync("processes", settings);
}
