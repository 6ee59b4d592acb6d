using System.Diagnostics;

namespace MealPlanner.Tests.Unit;

/// <summary>The committed client (MealPlanner.Client/Generated) is what Kiota generates from the committed document
/// today: a document change without a regenerated client fails here, naming the script that fixes it.</summary>
public sealed class GeneratedClientIsCurrentTests : IDisposable
{
    private const string GeneratedFolder = "MealPlanner.Client/Generated";
    private readonly string _output = Path.Combine(Path.GetTempPath(), $"mealplanner-client-{Guid.NewGuid():N}");

    [Fact]
    public async Task Generated_client_matches_the_committed_document()
    {
        var root = DotEnvSettingsTests.RepositoryRoot();
        var run = await ScriptRun.RunAsync(root, TimeSpan.FromMinutes(5), "bash", "scripts/generate-client.sh", "--output", _output);
        Assert.True(run.ExitCode == 0, $"scripts/generate-client.sh exited {run.ExitCode}:\n{run.Output}");

        var committed = FilesUnder(Path.Combine(root, GeneratedFolder));
        var fresh = FilesUnder(_output);
        var stale = committed.Keys.Union(fresh.Keys)
            .Where(file => !committed.TryGetValue(file, out var was) || !fresh.TryGetValue(file, out var now) || was != now)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(fresh.Count > 0, $"Kiota generated nothing:\n{run.Output}");
        Assert.True(stale.Count == 0,
            $"{GeneratedFolder} is not what docs/api/openapi.json generates; run scripts/generate-client.sh and commit. " +
            $"Differing files: {string.Join(", ", stale)}");
    }

    private static Dictionary<string, string> FilesUnder(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .ToDictionary(file => Path.GetRelativePath(folder, file).Replace('\\', '/'), File.ReadAllText)
            : [];

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }
}

/// <summary>Runs a command to its end within a time limit and returns its exit code with stdout and stderr together.</summary>
internal static class ScriptRun
{
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string workingDirectory, TimeSpan timeout, string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in {timeout}:\n{await stdout}{await stderr}");
        }

        return (process.ExitCode, (await stdout) + (await stderr));
    }
}
