using MealPlanner.AppHost;
using MealPlanner.AppHost.LocalProcesses;
using MealPlanner.AppHost.LocalRuntime;

namespace MealPlanner.Tests.Unit;

/// <summary>Runtime selection is pure logic over the setting and a probe; the probe here is a stub that answers as
/// told, so each case runs the same on a machine with or without Docker.</summary>
public sealed class LocalRuntimeSelectorTests
{
    private sealed class StubProbe(string? answer) : IContainerRuntimeProbe
    {
        public int Calls { get; private set; }

        public string? FindRunningRuntime(TimeSpan timeout)
        {
            Calls++;
            Assert.True(timeout <= TimeSpan.FromSeconds(3), "the probe must be bounded to 3 s");
            return answer;
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto")]
    [InlineData("AUTO")]
    public void Auto_without_a_runtime_falls_back_to_processes_and_says_why(string? setting)
    {
        var choice = LocalRuntimeSelector.Select(setting, isPublishMode: false, new StubProbe(null));

        Assert.Equal(LocalRuntimeMode.Processes, choice.Mode);
        Assert.Contains("no container runtime answered", choice.Reason);
        Assert.Null(choice.ContainerRuntime);
    }

    [Theory]
    [InlineData("docker")]
    [InlineData("podman")]
    public void Auto_with_a_runtime_uses_containers_on_that_runtime(string runtime)
    {
        var choice = LocalRuntimeSelector.Select("auto", isPublishMode: false, new StubProbe(runtime));

        Assert.Equal(LocalRuntimeMode.Containers, choice.Mode);
        Assert.Equal(runtime, choice.ContainerRuntime);
        Assert.Contains(runtime, choice.Reason);
    }

    [Fact]
    public void Explicit_processes_wins_over_a_running_runtime_without_probing()
    {
        var probe = new StubProbe("docker");

        var choice = LocalRuntimeSelector.Select("processes", isPublishMode: false, probe);

        Assert.Equal(LocalRuntimeMode.Processes, choice.Mode);
        Assert.Equal(0, probe.Calls);
    }

    [Fact]
    public void Explicit_containers_without_a_runtime_fails_with_one_line_that_says_what_to_do()
    {
        var error = Assert.Throws<AppHostSetupException>(() =>
            LocalRuntimeSelector.Select("containers", isPublishMode: false, new StubProbe(null)));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("LocalRuntime=processes", error.Message);
    }

    [Fact]
    public void Publishing_always_uses_the_stock_resources_and_never_probes()
    {
        var probe = new StubProbe("docker");

        var choice = LocalRuntimeSelector.Select("processes", isPublishMode: true, probe);

        Assert.Equal(LocalRuntimeMode.Publish, choice.Mode);
        Assert.Equal(0, probe.Calls);
    }

    [Fact]
    public void An_unknown_setting_is_refused_naming_the_valid_modes()
    {
        var error = Assert.Throws<AppHostSetupException>(() =>
            LocalRuntimeSelector.Select("kubernetes", isPublishMode: false, new StubProbe(null)));

        Assert.Contains("'kubernetes'", error.Message);
        Assert.Contains("auto, processes or containers", error.Message);
    }

    [Fact]
    public void The_real_probe_answers_within_its_timeout_even_when_no_engine_runs()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();

        new ContainerRuntimeProbe().FindRunningRuntime(TimeSpan.FromSeconds(3));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"probe took {watch.Elapsed}");
    }

    [Theory]
    [InlineData(false, false, "podman")]
    [InlineData(false, true, "podman")]
    [InlineData(true, false, "docker")]
    public void Processes_mode_names_to_dcp_a_runtime_whose_client_is_not_installed(bool podman, bool docker, string expected)
    {
        var installed = new Dictionary<string, bool> { ["podman"] = podman, ["docker"] = docker };

        Assert.Equal(expected, LocalRuntimeSelector.RuntimeDcpCannotReach(client => installed[client]));
    }

    [Fact]
    public void With_both_clients_installed_dcp_keeps_its_default_runtime() =>
        Assert.Null(LocalRuntimeSelector.RuntimeDcpCannotReach(_ => true));

    [Fact]
    public void A_program_is_found_on_path_only_when_a_folder_of_path_holds_it()
    {
        Assert.True(ServerBinaries.IsOnPath("bash"));
        Assert.False(ServerBinaries.IsOnPath("no-such-program-" + Guid.NewGuid().ToString("N")));
    }
}
