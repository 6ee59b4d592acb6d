namespace MealPlanner.AppHost;

/// <summary>
/// DCP, Aspire's orchestrator, starts a watchdog program (<c>dcp monitor-process</c>) beside every executable it runs,
/// so that the executable is stopped should DCP itself be killed. Each watchdog costs about 0.2 CPU-s to start, and
/// seven start in the busiest second of a local start: on a 2-vCPU machine they took about 1.5 CPU-s and 0.7 s of
/// every start (docs/local/README.md, "Start-up time"). Without them a normal stop and an AppHost that dies are
/// covered as before (DCP watches the AppHost and stops everything); only a killed DCP leaves servers running, and
/// the processes-mode scripts stop such a leftover before they start a server on its data
/// (LocalProcesses/scripts/leftover-server.sh). <c>Dcp:ProcessWatchdogs=true</c> keeps DCP's watchdogs.
/// </summary>
public static class DcpProcessWatchdogs
{
    public const string Setting = "Dcp:ProcessWatchdogs";

    /// <summary>DCP inherits the AppHost's environment; any value of this variable turns the watchdogs off.</summary>
    public const string DisableVariable = "DCP_DISABLE_MONITOR_PROCESS";

    public static IDistributedApplicationBuilder SkipDcpProcessWatchdogsUnlessAsked(this IDistributedApplicationBuilder builder)
    {
        if (ShouldSkip(builder.Configuration, Environment.GetEnvironmentVariable(DisableVariable)))
        {
            Environment.SetEnvironmentVariable(DisableVariable, "true");
        }

        return builder;
    }

    /// <summary>Skipped unless the setting asks for them; a variable already set is the user's and left alone.</summary>
    public static bool ShouldSkip(IConfiguration configuration, string? variableNow) =>
        variableNow is null && !(bool.TryParse(configuration[Setting], out var keep) && keep);
}
