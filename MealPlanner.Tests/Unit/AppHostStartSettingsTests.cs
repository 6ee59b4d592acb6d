using System.Reflection.PortableExecutable;
using System.Text.Json;

namespace MealPlanner.Tests.Unit;

/// <summary>What the AppHost's build does for its start (docs/local/README.md, "Start-up time"), read from the built
/// AppHost the way <c>scripts/run-apphost.sh</c> runs it. bench/startup.sh measures the effect; these catch a change
/// that silently drops one.</summary>
public sealed class AppHostStartSettingsTests
{
    // The test binaries' configuration (bin/<configuration>/net10.0/) is the AppHost's too: one solution build.
    private static readonly string AppHostOutput = Path.Combine(DotEnvSettingsTests.RepositoryRoot(), "MealPlanner.AppHost",
        "bin", new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name, "net10.0");

    [Theory]
    [InlineData("Aspire.Hosting.dll")]
    [InlineData("KubernetesClient.dll")]
    [InlineData("Npgsql.dll")]
    [InlineData("Microsoft.Extensions.DependencyInjection.dll")]
    public void Package_assemblies_are_built_ahead_of_time(string assembly) =>
        Assert.True(IsReadyToRun(Path.Combine(AppHostOutput, assembly)), $"{assembly} in {AppHostOutput} is IL only");

    [Fact]
    public void The_apphosts_own_assembly_stays_il_for_the_debugger() =>
        Assert.False(IsReadyToRun(Path.Combine(AppHostOutput, "MealPlanner.AppHost.dll")));

    [Fact]
    public void The_runtime_postpones_tier_1_and_has_no_tiered_pgo()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppHostOutput, "MealPlanner.AppHost.runtimeconfig.json")));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.Equal(5000, properties.GetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs").GetInt32());
    }

    private static bool IsReadyToRun(string path)
    {
        using var reader = new PEReader(File.OpenRead(path));
        return reader.PEHeaders.CorHeader is { ManagedNativeHeaderDirectory.Size: > 0 };
    }
}
