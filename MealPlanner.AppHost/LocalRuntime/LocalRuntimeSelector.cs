namespace MealPlanner.AppHost.LocalRuntime;

/// <summary>
/// Chooses the local runtime from the <c>LocalRuntime</c> setting (<c>auto</c> | <c>processes</c> | <c>containers</c>).
/// <c>auto</c> asks the container runtimes, each for at most <see cref="ProbeTimeout"/>, and falls back to processes,
/// because a container resource with no runtime behind it makes everything that waits for it hang.
/// </summary>
public static class LocalRuntimeSelector
{
    public const string SettingName = "LocalRuntime";
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(3);

    public static LocalRuntimeChoice Select(string? setting, bool isPublishMode, IContainerRuntimeProbe probe)
    {
        if (isPublishMode)
        {
            return new(LocalRuntimeMode.Publish, "publishing the manifest uses the stock container resources");
        }

        switch (setting?.Trim().ToLowerInvariant())
        {
            case "processes" or "process":
                return new(LocalRuntimeMode.Processes, $"{SettingName}=processes was set");
            case "containers" or "container":
                var runtime = probe.FindRunningRuntime(ProbeTimeout);
                if (runtime is null)
                {
                    throw new AppHostSetupException(
                        $"{SettingName}=containers was set, but neither 'docker info' nor 'podman info' answered within " +
                        $"{ProbeTimeout.TotalSeconds:0} s. Start Docker or Podman, or set {SettingName}=processes.");
                }

                return new(LocalRuntimeMode.Containers, $"{SettingName}=containers was set and {runtime} answers", runtime);
            case null or "" or "auto":
                var found = probe.FindRunningRuntime(ProbeTimeout);
                return found is null
                    ? new(LocalRuntimeMode.Processes, $"no container runtime answered within {ProbeTimeout.TotalSeconds:0} s (auto)")
                    : new(LocalRuntimeMode.Containers, $"{found} answers (auto)", found);
            default:
                throw new AppHostSetupException(
                    $"{SettingName}='{setting}' is not a mode: use auto, processes or containers.");
        }
    }

    /// <summary>The container runtime to name to DCP in processes mode, where the app model holds no container: one
    /// whose client is not installed, so DCP's probes of it at every start (<c>dcp info</c> before DCP starts, then
    /// its controllers' clean-up) fail at once. With Docker's client installed and no daemon running, those probes
    /// delayed the first server by 0.8 s on a 2-vCPU machine (4.8 s against 4.0 s after the command, four interleaved
    /// pairs). Null when both clients are installed: DCP keeps its default.</summary>
    public static string? RuntimeDcpCannotReach(Func<string, bool> isInstalled) =>
        new[] { "podman", "docker" }.FirstOrDefault(client => !isInstalled(client));
}
