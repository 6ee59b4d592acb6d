using System.Diagnostics;
using System.Text.RegularExpressions;
using MealPlanner.Tests.Unit;

namespace MealPlanner.Tests.Scripts;

/// <summary>scripts/deploy.sh and scripts/rollback.sh, run for real with recording stand-ins of <c>aws</c>, <c>cdk</c>,
/// <c>docker</c> and <c>curl</c> (Scripts/stand-ins/) first on PATH: the calls they make, in order, and the ones
/// they must not make.</summary>
public sealed partial class DeployScriptsTests : IDisposable
{
    private const string Head = "dddddddddddddddddddddddddddddddddddddddd";
    private const string Running = "cccccccccccccccccccccccccccccccccccccccc";
    private const string Older = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private const string Oldest = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string Registry = "123456789012.dkr.ecr.us-east-1.amazonaws.com/meal-planner-staging";

    private readonly StandInSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Deploy_with_aws_cdk_docker_curl_stand_ins_pushes_deploys_waits_verifies_and_records_in_order()
    {
        _sandbox.EnvironmentRunning(Running, history: $"{Running},{Older},{Oldest}");
        _sandbox.LocalImages(Head);

        var result = _sandbox.Run("deploy.sh", "staging", Head);

        Assert.True(result.ExitCode == 0, result.Output);
        // The two sides of `aws ecr get-login-password | docker login` run at once: either may log first.
        var firstTag = result.Log.ToList().FindIndex(l => l.StartsWith("docker tag", StringComparison.Ordinal));
        Assert.InRange(result.Log.ToList().IndexOf("aws ecr get-login-password --region us-east-1"), 0, firstTag);
        AssertInOrder(result.Log,
            "aws sts get-caller-identity",
            "docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com",
            $"docker tag mealplanner-api:{Head} {Registry}/api:{Head}",
            $"docker push {Registry}/api:{Head}",
            $"docker tag mealplanner-migrations:{Head} {Registry}/migrations:{Head}",
            $"docker push {Registry}/migrations:{Head}",
            $"IMAGE_TAG={Head} cdk deploy MealPlanner-Staging-Registry MealPlanner-Staging -c env=staging --require-approval never",
            "aws ecs wait services-stable --cluster meal-planner-staging --services meal-planner-staging-api",
            "curl -sS -o /dev/null -w %{http_code} --max-time 10 https://api.staging.example.test/health",
            "curl -fsS --max-time 10 https://api.staging.example.test/version",
            $"aws ssm put-parameter --name /meal-planner/staging/deployed-tags --type String --overwrite --value {Head},{Running},{Older},{Oldest}");
        // The migration gate inside the stack snapshots the database only when migrations are pending; the script
        // takes none of its own and reports the gate's.
        Assert.DoesNotContain(result.Log, l => l.StartsWith("aws rds", StringComparison.Ordinal));
        Assert.Contains("pre-migration snapshot: meal-planner-staging-pre-migration-stand-in", result.OutputLines);
        Assert.Single(result.Log, l => l.Contains(" cdk ", StringComparison.Ordinal));
        Assert.Equal($"{Head},{Running},{Older},{Oldest}", _sandbox.History);
    }

    [Fact]
    public void Deploy_with_aws_cdk_docker_curl_stand_ins_to_a_new_environment_deploys_the_registry_first()
    {
        _sandbox.LocalImages(Head);

        var result = _sandbox.Run("deploy.sh", "staging", Head);

        Assert.True(result.ExitCode == 0, result.Output);
        AssertInOrder(result.Log,
            "aws ssm get-parameter --name /meal-planner/staging/deployed-tags",
            "aws cloudformation describe-stacks --stack-name MealPlanner-Staging-Registry",
            $"IMAGE_TAG={Head} cdk deploy MealPlanner-Staging-Registry -c env=staging --require-approval never",
            "aws cloudformation describe-stacks --stack-name MealPlanner-Staging-Registry",
            $"docker push {Registry}/api:{Head}",
            $"IMAGE_TAG={Head} cdk deploy MealPlanner-Staging-Registry MealPlanner-Staging -c env=staging");
        Assert.DoesNotContain(result.Log, l => l.StartsWith("aws rds", StringComparison.Ordinal));
        Assert.Equal(Head, _sandbox.History);
    }

    [Fact]
    public void Deploy_with_aws_cdk_docker_curl_stand_ins_does_not_push_a_tag_the_registry_already_has()
    {
        _sandbox.EnvironmentRunning(Running, history: Running);
        _sandbox.LocalImages(Head);
        _sandbox.Pushed($"meal-planner-staging/api:{Head}", $"meal-planner-staging/migrations:{Head}");

        var result = _sandbox.Run("deploy.sh", "staging", Head);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain(result.Log, l => l.StartsWith("docker push", StringComparison.Ordinal));
        Assert.Contains($"IMAGE_TAG={Head} cdk deploy MealPlanner-Staging-Registry MealPlanner-Staging -c env=staging --require-approval never", result.Log);
    }

    [Fact]
    public void Rollback_with_aws_cdk_curl_stand_ins_deploys_the_newest_recorded_tag_that_is_not_running()
    {
        _sandbox.EnvironmentRunning(Running, history: $"{Running},{Older},{Oldest}");

        var result = _sandbox.Run("rollback.sh", "staging");

        Assert.True(result.ExitCode == 0, result.Output);
        AssertInOrder(result.Log,
            "aws ecs describe-services --cluster meal-planner-staging --services meal-planner-staging-api",
            "aws ecs describe-task-definition --task-definition arn:aws:ecs:",
            $"IMAGE_TAG={Older} cdk deploy MealPlanner-Staging -c env=staging --require-approval never",
            "aws ecs wait services-stable --cluster meal-planner-staging --services meal-planner-staging-api",
            "curl -sS -o /dev/null -w %{http_code} --max-time 10 https://api.staging.example.test/health",
            "curl -fsS --max-time 10 https://api.staging.example.test/version");
        Assert.DoesNotContain(result.Log, l => l.StartsWith("aws ssm put-parameter", StringComparison.Ordinal));
        Assert.Equal($"{Running},{Older},{Oldest}", _sandbox.History);
    }

    [Fact]
    public void Rollback_with_aws_cdk_curl_stand_ins_deploys_an_explicit_tag()
    {
        _sandbox.EnvironmentRunning(Running, history: $"{Running},{Older},{Oldest}");

        var result = _sandbox.Run("rollback.sh", "staging", Oldest);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal([$"IMAGE_TAG={Oldest} cdk deploy MealPlanner-Staging -c env=staging --require-approval never"],
            result.Log.Where(l => l.Contains(" cdk ", StringComparison.Ordinal)));
        Assert.Equal($"{Running},{Older},{Oldest}", _sandbox.History);
    }

    [Theory]
    [InlineData(Running)]
    [InlineData(null)]
    [InlineData("none")]
    public void Rollback_with_aws_cdk_curl_stand_ins_and_no_earlier_tag_fails_in_one_line(string? history)
    {
        _sandbox.EnvironmentRunning(Running, history);

        var result = _sandbox.Run("rollback.sh", "staging");

        Assert.NotEqual(0, result.ExitCode);
        var error = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: no earlier successful deploy recorded in /meal-planner/staging/deployed-tags", error);
        Assert.Contains("give a TAG", error);
        Assert.DoesNotContain(result.Log, l => l.Contains(" cdk ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("health")]
    [InlineData("version")]
    public void Deploy_with_aws_cdk_docker_curl_stand_ins_rolls_back_when_the_smoke_test_fails(string failing)
    {
        _sandbox.EnvironmentRunning(Running, history: $"{Running},{Older},{Oldest}");
        _sandbox.LocalImages(Head);
        if (failing == "health")
        {
            _sandbox.HealthOf(Head, "503");
        }
        else
        {
            _sandbox.VersionOf(Head, Older);
        }

        var result = _sandbox.Run("deploy.sh", "staging", Head);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(
            [
                $"IMAGE_TAG={Head} cdk deploy MealPlanner-Staging-Registry MealPlanner-Staging -c env=staging --require-approval never",
                $"IMAGE_TAG={Running} cdk deploy MealPlanner-Staging -c env=staging --require-approval never",
            ],
            result.Log.Where(l => l.Contains(" cdk ", StringComparison.Ordinal)));
        var last = result.ErrorLines[^1];
        Assert.StartsWith($"error: deploy of {Head} to staging failed (smoke test: ", last);
        Assert.Contains(failing == "health" ? "/health returned 503" : $"/version reports commit {Older}, not {Head}", last);
        Assert.EndsWith($"rolled back to {Running}", last);
        Assert.Equal($"{Running},{Older},{Oldest}", _sandbox.History);
        Assert.Equal(Running, _sandbox.RunningTag);
    }

    [Fact]
    public void Deploy_with_aws_cdk_docker_curl_stand_ins_rolls_back_to_the_last_good_deploy_when_cdk_deploy_fails()
    {
        // CloudFormation has already put the stack back on the running tag: rolling back must not go one further.
        _sandbox.EnvironmentRunning(Running, history: $"{Running},{Older},{Oldest}");
        _sandbox.LocalImages(Head);
        _sandbox.CdkFailsFor(Head);

        var result = _sandbox.Run("deploy.sh", "staging", Head);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"IMAGE_TAG={Running} cdk deploy MealPlanner-Staging -c env=staging --require-approval never", result.Log);
        Assert.Equal($"error: deploy of {Head} to staging failed (cdk deploy failed); rolled back to {Running}", result.ErrorLines[^1]);
        Assert.Equal($"{Running},{Older},{Oldest}", _sandbox.History);
    }

    [Fact]
    public void Deploy_with_aws_cdk_docker_curl_stand_ins_fails_in_one_line_when_a_local_image_is_missing()
    {
        _sandbox.EnvironmentRunning(Running, history: Running);

        var result = _sandbox.Run("deploy.sh", "staging", Head);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal($"error: the local image mealplanner-api:{Head} is missing; build it: scripts/docker/build-images.sh {Head}",
            Assert.Single(result.ErrorLines));
        Assert.DoesNotContain(result.Log, l => !IsReadOnly(l));
    }

    [Theory]
    [InlineData("deploy.sh", "missing ENV")]
    [InlineData("deploy.sh", "unknown ENV 'qa'", "qa", Head)]
    [InlineData("deploy.sh", "missing SHA", "staging")]
    [InlineData("deploy.sh", "'not-a-sha' is not a commit SHA", "staging", "not-a-sha")]
    [InlineData("deploy.sh", "'abc12' is not a commit SHA", "staging", "abc12")]
    [InlineData("deploy.sh", "unknown option --force", "staging", Head, "--force")]
    [InlineData("deploy.sh", "too many arguments", "staging", Head, "extra")]
    [InlineData("rollback.sh", "missing ENV")]
    [InlineData("rollback.sh", "unknown ENV 'qa'", "qa")]
    [InlineData("rollback.sh", "'HEAD' is not a commit SHA", "staging", "HEAD")]
    public void Scripts_with_aws_cdk_docker_curl_stand_ins_reject_bad_arguments_in_one_line(string script, string expected, params string[] arguments)
    {
        _sandbox.EnvironmentRunning(Running, history: Running);
        _sandbox.LocalImages(Head);

        var result = _sandbox.Run(script, arguments);

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith($"error: {expected}", Assert.Single(result.ErrorLines));
        Assert.Empty(result.Log);
    }

    [Theory]
    [InlineData("deploy.sh", "aws", "staging", Head)]
    [InlineData("deploy.sh", "docker", "staging", Head)]
    [InlineData("deploy.sh", "curl", "staging", Head)]
    [InlineData("rollback.sh", "aws", "staging")]
    public void Scripts_with_stand_ins_but_no_aws_or_docker_or_curl_on_PATH_fail_in_one_line(string script, string missing, params string[] arguments)
    {
        var result = _sandbox.RunWithout(missing, script, arguments);

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith($"error: {missing} is not on PATH: install", Assert.Single(result.ErrorLines));
        Assert.Empty(result.Log);
    }

    [Theory]
    [InlineData("deploy.sh", "staging", Head)]
    [InlineData("rollback.sh", "production")]
    public void Scripts_with_an_aws_stand_in_whose_sts_call_fails_report_missing_credentials_in_one_line(string script, params string[] arguments)
    {
        _sandbox.NoCredentials();

        var result = _sandbox.Run(script, arguments);

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("error: no AWS credentials: aws sts get-caller-identity failed (Unable to locate credentials.",
            Assert.Single(result.ErrorLines));
        Assert.Equal(["aws sts get-caller-identity --query Account --output text"], result.Log);
    }

    [Fact]
    public void Deploy_dry_run_with_aws_cdk_docker_curl_stand_ins_prints_the_whole_plan_and_makes_only_read_only_calls()
    {
        _sandbox.EnvironmentRunning(Running, history: $"{Running},{Older}");
        _sandbox.LocalImages(Head);

        var result = _sandbox.Run("deploy.sh", "staging", Head, "--dry-run");

        Assert.True(result.ExitCode == 0, result.Output);
        var plan = result.OutputLines.Where(l => l.StartsWith("would run: ", StringComparison.Ordinal))
            .Select(l => l["would run: ".Length..]).ToList();
        AssertInOrder(plan,
            "aws ecr get-login-password --region us-east-1 | docker login --username AWS --password-stdin 123456789012.dkr.ecr.us-east-1.amazonaws.com",
            $"docker tag mealplanner-api:{Head} {Registry}/api:{Head}",
            $"docker push {Registry}/api:{Head}",
            $"docker tag mealplanner-migrations:{Head} {Registry}/migrations:{Head}",
            $"docker push {Registry}/migrations:{Head}",
            $"IMAGE_TAG={Head} cdk deploy MealPlanner-Staging-Registry MealPlanner-Staging -c env=staging --require-approval never",
            "aws ecs wait services-stable --cluster meal-planner-staging --services meal-planner-staging-api",
            "curl -sS -o /dev/null -w %{http_code} --max-time 10 https://api.staging.example.test/health",
            "curl -fsS --max-time 10 https://api.staging.example.test/version",
            $"aws ssm put-parameter --name /meal-planner/staging/deployed-tags --type String --overwrite --value {Head},{Running},{Older}");
        Assert.NotEmpty(result.Log);
        Assert.All(result.Log, l => Assert.True(IsReadOnly(l), $"a dry run made a call that is not read-only: {l}"));
        Assert.Equal($"{Running},{Older}", _sandbox.History);
        Assert.Equal(Running, _sandbox.RunningTag);
    }

    [Theory]
    [InlineData("deploy.sh")]
    [InlineData("rollback.sh")]
    public void Help_of_the_scripts_with_stand_ins_names_where_the_previous_tag_is_recorded(string script)
    {
        var result = _sandbox.Run(script, "--help");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("/meal-planner/ENV/deployed-tags", result.Output);
        Assert.Contains("--dry-run", result.Output);
        Assert.Empty(result.Log);
    }

    [Fact]
    public async Task Deploy_scripts_and_their_stand_ins_pass_shellcheck()
    {
        var root = DotEnvSettingsTests.RepositoryRoot();
        var files = new[] { "scripts/deploy.sh", "scripts/rollback.sh", "scripts/lib/aws-deploy.sh" }
            .Concat(Directory.GetFiles(StandInSandbox.StandIns).Select(f => Path.GetRelativePath(root, f)));
        var start = new ProcessStartInfo("shellcheck") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in files.Prepend("--external-sources"))
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("shellcheck is not installed: scripts/lib/ensure-packages.sh --for test installs it");
            return;
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, await output + await error);
        }
    }

    /// <summary>The calls a dry run may make for real: they change nothing.</summary>
    private static bool IsReadOnly(string line) => ReadOnlyCall().IsMatch(line);

    [GeneratedRegex(@"^(aws (sts get-caller-identity|cloudformation describe-stacks|ecs describe-services|ecs describe-task-definition|ssm get-parameter|ecr describe-images) |docker image inspect )")]
    private static partial Regex ReadOnlyCall();

    /// <summary>Each expected prefix matches a line after the line the previous one matched.</summary>
    private static void AssertInOrder(IReadOnlyList<string> lines, params string[] expectedPrefixes)
    {
        var index = 0;
        foreach (var expected in expectedPrefixes)
        {
            while (index < lines.Count && !lines[index].StartsWith(expected, StringComparison.Ordinal))
            {
                index++;
            }

            Assert.True(index < lines.Count, $"no line starting with \"{expected}\" in order in:\n{string.Join('\n', lines)}");
            index++;
        }
    }
}

/// <summary>A scratch folder with the stand-ins' state and call log; runs a script of scripts/ with the stand-ins
/// first on PATH and fast smoke-test retries.</summary>
internal sealed class StandInSandbox : IDisposable
{
    public static string StandIns { get; } = Path.Combine(DotEnvSettingsTests.RepositoryRoot(), "MealPlanner.Tests", "Scripts", "stand-ins");

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mealplanner-deploy-scripts-");

    private string State => Path.Combine(_root.FullName, "state");

    private string LogFile => Path.Combine(_root.FullName, "calls.log");

    public StandInSandbox() => Directory.CreateDirectory(State);

    public string? History => File.Exists(Path.Combine(State, "history")) ? File.ReadAllText(Path.Combine(State, "history")).Trim() : null;

    public string RunningTag => File.ReadAllText(Path.Combine(State, "running-tag")).Trim();

    /// <summary>Both stacks exist (created by the cdk stand-in, as a deploy of <paramref name="tag"/> would) and the
    /// history parameter holds <paramref name="history"/> (null: the parameter does not exist).</summary>
    public void EnvironmentRunning(string tag, string? history)
    {
        var seeding = Start(Path.Combine(StandIns, "cdk"), ["deploy", "MealPlanner-Staging-Registry", "MealPlanner-Staging", "-c", "env=staging"], path: null);
        seeding.Environment["IMAGE_TAG"] = tag;
        var result = Finish(seeding);
        Assert.True(result.ExitCode == 0, result.Output);
        if (history is not null)
        {
            File.WriteAllText(Path.Combine(State, "history"), history + "\n");
        }

        File.Delete(LogFile);
    }

    public void LocalImages(string tag) =>
        File.AppendAllLines(Path.Combine(State, "images"), [$"mealplanner-api:{tag}", $"mealplanner-migrations:{tag}"]);

    public void Pushed(params string[] images) => File.AppendAllLines(Path.Combine(State, "pushed"), images);

    public void HealthOf(string tag, string status) => WriteUnder("health", tag, status);

    public void VersionOf(string tag, string commit) => WriteUnder("version", tag, commit);

    public void CdkFailsFor(string tag) => File.AppendAllLines(Path.Combine(State, "cdk-fails"), [tag]);

    public void NoCredentials() => File.WriteAllText(Path.Combine(State, "no-credentials"), "");

    public ScriptResult Run(string script, params string[] arguments) => Finish(Start(Script(script), arguments, path: null));

    /// <summary>Runs with a PATH of only bash and the stand-ins other than <paramref name="missing"/>, so no
    /// system-wide copy of the tool can stand in for the missing one.</summary>
    public ScriptResult RunWithout(string missing, string script, params string[] arguments)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_root.FullName, "bin-without-" + missing)).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, "bash"), Which("bash"));
        foreach (var standIn in Directory.GetFiles(StandIns).Where(f => Path.GetFileName(f) != missing))
        {
            File.CreateSymbolicLink(Path.Combine(bin, Path.GetFileName(standIn)), standIn);
        }

        return Finish(Start(Script(script), arguments, path: bin));
    }

    public void Dispose() => _root.Delete(recursive: true);

    private static string Script(string name) => Path.Combine(DotEnvSettingsTests.RepositoryRoot(), "scripts", name);

    private static string Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException($"{tool} is not on PATH");

    private void WriteUnder(string folder, string tag, string content)
    {
        Directory.CreateDirectory(Path.Combine(State, folder));
        File.WriteAllText(Path.Combine(State, folder, tag), content);
    }

    private ProcessStartInfo Start(string file, IEnumerable<string> arguments, string? path)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DotEnvSettingsTests.RepositoryRoot(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["PATH"] = path ?? $"{StandIns}:{Environment.GetEnvironmentVariable("PATH")}";
        start.Environment["STANDIN_STATE"] = State;
        start.Environment["RECORD_LOG"] = LogFile;
        start.Environment["SMOKE_ATTEMPTS"] = "2";
        start.Environment["SMOKE_DELAY"] = "0";
        foreach (var inherited in new[] { "CDK", "SMOKE_BASE_URL", "IMAGE_TAG" })
        {
            start.Environment.Remove(inherited);
        }

        return start;
    }

    private ScriptResult Finish(ProcessStartInfo start)
    {
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{start.FileName} did not finish in 60 s");
        }

        var log = File.Exists(LogFile) ? File.ReadAllLines(LogFile) : [];
        return new ScriptResult(process.ExitCode, output.Result, error.Result, log);
    }
}

internal sealed record ScriptResult(int ExitCode, string Stdout, string Stderr, IReadOnlyList<string> Log)
{
    public IReadOnlyList<string> OutputLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> ErrorLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string Output => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}\ncalls:\n{string.Join('\n', Log)}";
}
