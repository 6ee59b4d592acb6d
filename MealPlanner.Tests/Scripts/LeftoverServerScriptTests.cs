using System.Diagnostics;
using MealPlanner.Tests.Unit;

namespace MealPlanner.Tests.Scripts;

/// <summary>MealPlanner.AppHost/LocalProcesses/scripts/leftover-server.sh, which every processes-mode server script
/// runs before it starts its server: a server an earlier run left running on the same data is stopped first, and
/// nothing else is touched. Real processes stand in for the servers.</summary>
public sealed class LeftoverServerScriptTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mp-leftover-").FullName;
    private readonly List<Process> _processes = [];

    private string PidFile => Path.Combine(_folder, "server.pid");

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            process.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void A_leftover_naming_the_data_on_its_command_line_is_stopped()
    {
        var leftover = Start($"exec -a 'fake-server --directory {_folder}/data' sleep 300", becomes: "fake-server");
        File.WriteAllText(PidFile, $"{leftover.Id}\n");

        var output = StopLeftover(marker: $"{_folder}/data");

        Assert.True(leftover.WaitForExit(5_000), "the leftover still runs");
        Assert.Contains($"PID {leftover.Id}", output);
    }

    [Fact]
    public void A_leftover_running_in_the_data_folder_is_stopped_though_its_command_line_does_not_name_it()
    {
        var data = Directory.CreateDirectory(Path.Combine(_folder, "data")).FullName;
        var leftover = Start("exec sleep 300", becomes: "sleep", workingDirectory: data);
        File.WriteAllText(PidFile, $"{leftover.Id}\n");

        StopLeftover(marker: data);

        Assert.True(leftover.WaitForExit(5_000), "the leftover still runs");
    }

    [Fact]
    public void Another_process_that_now_has_the_recorded_pid_is_left_alone()
    {
        var stranger = Start("exec sleep 300", becomes: "sleep");
        File.WriteAllText(PidFile, $"{stranger.Id}\n");

        var output = StopLeftover(marker: $"{_folder}/data");

        Assert.False(stranger.WaitForExit(500), "a process that is not this resource's server was stopped");
        Assert.Equal("", output);
    }

    [Fact]
    public void A_pid_file_of_a_server_that_stopped_normally_is_ignored()
    {
        var gone = Start("exit 0", becomes: null);
        gone.WaitForExit();
        File.WriteAllText(PidFile, $"{gone.Id}\n");

        Assert.Equal("", StopLeftover(marker: $"{_folder}/data"));
        File.Delete(PidFile);
        Assert.Equal("", StopLeftover(marker: $"{_folder}/data"));
    }

    /// <summary>Starts <paramref name="script"/> and, unless <paramref name="becomes"/> is null, waits until the
    /// process runs that program (its command line's first word), as a server of an earlier run long has.</summary>
    private Process Start(string script, string? becomes, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("bash", ["-c", script]) { WorkingDirectory = workingDirectory ?? _folder };
        var process = Process.Start(info)!;
        _processes.Add(process);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (becomes is not null && !CommandLine(process.Id).StartsWith(becomes, StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the process did not become '{becomes}' within 10 s");
            Thread.Sleep(20);
        }

        return process;
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }

    private string StopLeftover(string marker)
    {
        var helper = Path.Combine(DotEnvSettingsTests.RepositoryRoot(),
            "MealPlanner.AppHost", "LocalProcesses", "scripts", "leftover-server.sh");
        var info = new ProcessStartInfo("bash",
            ["-c", "set -euo pipefail; . \"$1\"; stop_leftover_server \"$2\" TERM \"$3\"", "_", helper, PidFile, marker])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, output);
        return output.Trim();
    }
}
