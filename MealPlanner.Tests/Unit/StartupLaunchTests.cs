using System.Diagnostics;
using MealPlanner.AppHost;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace MealPlanner.Tests.Unit;

public sealed class StartupLaunchTests
{
    [Fact]
    public void The_built_launcher_of_a_project_is_found_in_its_configurations_output()
    {
        var root = Directory.CreateTempSubdirectory("mp-launch-").FullName;
        try
        {
            var project = Path.Combine(root, "Worker", "Worker.csproj");
            var output = Path.Combine(root, "Worker", "bin", "Release", "net10.0");
            Directory.CreateDirectory(output);
            File.WriteAllText(project, "<Project />");
            File.WriteAllText(Path.Combine(output, "Worker.dll"), "");
            File.WriteAllText(Path.Combine(output, OperatingSystem.IsWindows() ? "Worker.exe" : "Worker"), "");

            Assert.Equal(
                Path.Combine(output, OperatingSystem.IsWindows() ? "Worker.exe" : "Worker"),
                BuiltProjectLaunch.FindExecutable(project, "Release"));
            Assert.Null(BuiltProjectLaunch.FindExecutable(project, "Debug"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("MealPlanner.Api")]
    [InlineData("MealPlanner.MigrationService")]
    public void The_api_and_the_migration_worker_this_test_run_built_are_started_from_their_launchers(string name)
    {
        var project = Path.Combine(DotEnvSettingsTests.RepositoryRoot(), name, name + ".csproj");

        var launcher = BuiltProjectLaunch.FindExecutable(project, "Debug");

        Assert.NotNull(launcher);
        Assert.Equal(OperatingSystem.IsWindows() ? name + ".exe" : name, Path.GetFileName(launcher));
    }

    [Fact]
    public async Task A_check_that_turns_healthy_is_answered_within_a_step_not_after_aspires_one_second_pause()
    {
        var time = new FakeTimeProvider();
        var step = TimeSpan.FromMilliseconds(20);
        var inner = new ScriptedCheck(HealthStatus.Unhealthy, HealthStatus.Unhealthy, HealthStatus.Healthy);
        var check = new PatientHealthCheck(inner, TimeSpan.FromSeconds(5), step, time);
        var started = time.GetTimestamp();

        var result = await DriveAsync(check.CheckHealthAsync(Context(inner)), inner, time, step);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal(3, inner.Calls);
        Assert.InRange(time.GetElapsedTime(started), 2 * step, 10 * step); // Aspire itself would have paused 1 s, then 2 s
    }

    [Fact]
    public async Task A_check_that_stays_down_is_unhealthy_once_the_patience_is_spent_and_a_throw_counts_as_a_failed_try()
    {
        // A fake clock: on a loaded machine the real one let the first, throwing try use up most of the patience.
        var time = new FakeTimeProvider();
        var step = TimeSpan.FromMilliseconds(20);
        var patience = TimeSpan.FromMilliseconds(300);
        var inner = new ScriptedCheck(null, HealthStatus.Unhealthy);
        var check = new PatientHealthCheck(inner, patience, step, time);
        var started = time.GetTimestamp();

        var result = await DriveAsync(check.CheckHealthAsync(Context(inner)), inner, time, step);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.True(inner.Calls > 2, $"{inner.Calls} tries");
        Assert.InRange(time.GetElapsedTime(started), patience - step, patience + step);
    }

    /// <summary>Moves the fake clock one step at a time, each once the check has tried again (or has had 50 ms to), so
    /// that no pause is skipped and a loaded machine cannot use up the patience.</summary>
    private static async Task<HealthCheckResult> DriveAsync(Task<HealthCheckResult> answer, ScriptedCheck inner, FakeTimeProvider time, TimeSpan step)
    {
        while (!answer.IsCompleted)
        {
            var calls = inner.Calls;
            time.Advance(step);
            await WaitUntilAsync(() => inner.Calls != calls || answer.IsCompleted, TimeSpan.FromMilliseconds(50));
        }

        return await answer;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan atMost)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < atMost)
        {
            await Task.Delay(1);
        }
    }

    private static HealthCheckContext Context(IHealthCheck check) =>
        new() { Registration = new HealthCheckRegistration("scripted", check, HealthStatus.Unhealthy, tags: null) };

    /// <summary>Answers the given statuses in turn (null: throws), then the last one for ever.</summary>
    private sealed class ScriptedCheck(params HealthStatus?[] answers) : IHealthCheck
    {
        public int Calls { get; private set; }

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var answer = answers[Math.Min(Calls++, answers.Length - 1)];
            return answer is { } status
                ? Task.FromResult(new HealthCheckResult(status))
                : throw new InvalidOperationException("connection refused");
        }
    }
}
