using System.Diagnostics;
using System.Text.Json.Nodes;

namespace MealPlanner.Deploy.Tests;

/// <summary>
/// The tools as a user runs them: the deploy CLI, the AppHost's manifest publisher, and the scanners.
/// Slow processes, so they share the non-parallel synth collection.
/// </summary>
[Collection(SynthCollection.Name)]
public sealed class ProcessTests(SynthFixture synth)
{
    // bin/<Configuration>/net10.0/ of this test assembly: reuse the same build of the other projects.
    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    [Fact]
    public void The_cli_synthesizes_production_from_the_committed_manifest_into_cdk_outdir()
    {
        var outdir = Path.Combine(synth.Scratch, "cli-out");

        var result = Run("dotnet", ["run", "--project", "MealPlanner.Deploy", "--no-build", "-c", Configuration, "--", "--env", "production"], ("CDK_OUTDIR", outdir));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.True(File.Exists(Path.Combine(outdir, "MealPlanner-Production.template.json")));
        Assert.True(File.Exists(Path.Combine(outdir, "MealPlanner-Production-Registry.template.json")));
        Assert.DoesNotContain("end-of-life", result.Output);
    }

    [Fact]
    public void A_broken_manifest_is_one_line_on_stderr_and_a_non_zero_exit_without_a_stack_trace()
    {
        var result = Run("dotnet", ["run", "--project", "MealPlanner.Deploy", "--no-build", "-c", Configuration, "--", "--env", "staging", "--manifest", SynthFixture.Fixture("unknown-type.json")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            "error: unknown-type.json: resource 'sidecar' has unknown type 'dapr.v0'; supported: project.v0, project.v1, container.v0, container.v1, parameter.v0, value.v0, annotated.string",
            result.Error.Trim());
        Assert.DoesNotContain("   at ", result.Output);
    }

    // The six wrong-typed values an outside check saw crash the CLI with a stack trace and exit 134.
    [Theory]
    [InlineData("resources.api.bindings.http.targetPort", "\"abc\"", "resources.api.bindings.http.targetPort must be a number (got string \"abc\")")]
    [InlineData("resources.api.env", "[]", "resources.api.env must be an object (got an array)")]
    [InlineData("resources.postgres.image", "5", "resources.postgres.image must be a string (got number 5)")]
    [InlineData("resources.api.bindings.http.external", "\"true\"", "resources.api.bindings.http.external must be true or false (got string \"true\")")]
    [InlineData("resources.postgres-password.inputs.value.secret", "\"yes\"", "resources.postgres-password.inputs.value.secret must be true or false (got string \"yes\")")]
    [InlineData("resources.api", "\"x\"", "resources.api must be an object (got string \"x\")")]
    public void A_wrong_typed_manifest_value_is_one_line_and_exit_2_without_a_stack_trace(string path, string json, string expected)
    {
        var folder = Directory.CreateDirectory(Path.Combine(synth.Scratch, "wrong-type", Guid.NewGuid().ToString("N"))).FullName;
        var manifest = Path.Combine(folder, "aspire-manifest.json");
        File.WriteAllText(manifest, CommittedManifestEdit.With(path, json));

        var result = Run("dotnet", ["run", "--project", "MealPlanner.Deploy", "--no-build", "-c", Configuration, "--", "--env", "staging", "--manifest", manifest]);

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Equal($"error: aspire-manifest.json: {expected}", Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)).TrimEnd('\r'));
        Assert.DoesNotContain("   at ", result.Output);
    }

    [Fact]
    public void The_committed_manifest_equals_what_the_apphost_publishes_now()
    {
        var published = Path.Combine(synth.Scratch, "published", "aspire-manifest.json");

        // dotnet run builds the AppHost itself: the deploy tests do not compile against the application,
        // so a half-edited API fails this test only, not the whole deploy tier.
        var result = Run("dotnet", ["run", "--project", "MealPlanner.AppHost", "-c", Configuration, "--", "--publisher", "manifest", "--output-path", published]);

        Assert.True(result.ExitCode == 0, result.Output);
        var expected = Normalized(SynthFixture.CommittedManifest);
        var actual = Normalized(published);
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"aspire-manifest.json is stale: republish with scripts/publish-manifest.sh.\nPublished now:\n{actual.ToJsonString()}");
    }

    [Fact]
    public void Lint_infra_reports_no_unsuppressed_cdk_nag_or_cfn_guard_finding()
    {
        // Four syntheses (two through `cdk synth --strict`) + scanners: minutes on 2 cores, see HangGuard.
        // The pgbouncer + storage fixture is scanned too, so the S3/CloudFront path is covered before the AppHost has it.
        var result = Run("bash", [Path.Combine(SynthFixture.RepositoryRoot, "scripts", "lint-infra.sh"), "--no-build", "--also-manifest", SynthFixture.Fixture("future-manifest.json")], ("DEPLOY_CONFIGURATION", Configuration));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("0 error(s), 0 warning(s)", result.Output);
    }

    // Aspire writes project paths relative to the manifest's folder: compare them as absolute paths.
    private static JsonNode Normalized(string manifestPath)
    {
        var root = JsonNode.Parse(File.ReadAllText(manifestPath))!;
        foreach (var resource in root["resources"]!.AsObject())
        {
            if (resource.Value?["path"] is JsonValue path)
            {
                resource.Value["path"] = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(manifestPath)!, path.GetValue<string>()));
            }
        }

        return root;
    }

    private sealed record ProcessResult(int ExitCode, string Output, string Error);

    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(12);

    private static ProcessResult Run(string file, string[] args, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = SynthFixture.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment.Remove("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        // A guard against a hang, not a speed check (bench/synth.sh measures): lint-infra took 1-2 min on a quiet
        // machine and over 3 min while the integration tier ran beside it on the same 2 cores; with the strict CLI
        // synth and the opt-in settings scan, 7 min while other builds shared the 2 cores.
        if (!process.WaitForExit(HangGuard))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {HangGuard.TotalMinutes:0} minutes");
        }

        return new ProcessResult(process.ExitCode, stdout.Result + stderr.Result, stderr.Result);
    }
}
