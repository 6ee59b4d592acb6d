using System.Diagnostics;

namespace MealPlanner.Tests.Platform;

/// <summary>The docker CLI, for what the containers-mode tests check outside the AppHost (volumes, running containers).</summary>
internal static class Docker
{
    public static Task<string> RunAsync(IReadOnlyList<string> arguments) => RunAsync(new ProcessStartInfo("docker"), arguments);

    /// <summary>Runs a program with its output captured; a non-zero exit is an exception carrying what it printed.</summary>
    public static async Task<string> RunAsync(ProcessStartInfo start, IReadOnlyList<string> arguments)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{start.FileName} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await output}{await error}");
        }

        return await output;
    }

    /// <summary>Names of the volumes whose name starts with <paramref name="prefix"/>.</summary>
    public static async Task<List<string>> VolumesNamedAsync(string prefix) =>
        (await RunAsync(["volume", "ls", "--quiet", "--filter", $"name={prefix}"]))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .ToList();

    /// <summary>IDs of running containers that mount the named volume.</summary>
    public static async Task<List<string>> RunningContainersMountingAsync(string volume) =>
        (await RunAsync(["ps", "--quiet", "--filter", $"volume={volume}"]))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToList();
}
