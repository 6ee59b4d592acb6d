namespace MealPlanner.AppHost.LocalRuntime;

/// <summary>How the AppHost runs PostgreSQL, Redis and the other servers.</summary>
public enum LocalRuntimeMode
{
    /// <summary>Servers from the machine's packages, started as Aspire executables. Needs no Docker.</summary>
    Processes,

    /// <summary>The stock Aspire container resources, on Docker or Podman.</summary>
    Containers,

    /// <summary>Publishing the manifest: always the stock resources, so the manifest is the standard one.</summary>
    Publish,
}

/// <summary>The mode chosen, and a sentence that says why (logged once at start-up).</summary>
public sealed record LocalRuntimeChoice(LocalRuntimeMode Mode, string Reason, string? ContainerRuntime = null);
