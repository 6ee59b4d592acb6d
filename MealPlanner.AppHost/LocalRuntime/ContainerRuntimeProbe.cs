using System.Diagnostics;

namespace MealPlanner.AppHost.LocalRuntime;

/// <summary>Finds a container runtime whose engine answers (the client alone is not enough).</summary>
public interface IContainerRuntimeProbe
{
    /// <summary>"docker" or "podman" when its engine answers within the timeout; otherwise null.</summary>
    string? FindRunningRuntime(TimeSpan timeout);
}

/// <summary>Runs <c>docker info</c>, then <c>podman info</c>, killing each one that does not answer in time.</summary>
public sealed class ContainerRuntimeProbe : IContainerRuntimeProbe
{
    public string? FindRunningRuntime(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        foreach (var runtime in new[] { "docker", "podman" })
        {
            var left = timeout - deadline.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            if (Answers(runtime, left))
            {
                return runtime;
            }
        }

        return null;
    }

    private static bool Answers(string runtime, TimeSpan timeout)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(runtime, "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return false;
            }

            // Drain output so a chatty client cannot block on a full pipe.
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}
