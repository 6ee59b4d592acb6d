using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MealPlanner.Tests.Platform;
using MealPlanner.Tests.Unit;

namespace MealPlanner.Tests.Containers;

/// <summary>
/// <c>docker-compose.yml</c> as the README runs it: the settings of <c>.env.example</c>, <c>up -d</c>, <c>/health</c>
/// through nginx on host port 8080, then <c>down</c> leaves no container. The project name is this run's own, so its
/// volumes are fresh and removed afterwards.
/// </summary>
[Trait(PlatformFixture.RuntimeTrait, "containers")]
public sealed class ComposeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Compose_up_serves_the_api_through_nginx_on_8080_and_down_leaves_no_container()
    {
        var project = $"mealplanner-tests-{Guid.NewGuid():N}"[..30];
        try
        {
            await ComposeAsync(project, "up", "-d", "--no-build");

            using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:8080"), Timeout = TimeSpan.FromSeconds(5) };
            var health = await PollAsync(http, "/health");
            var version = await http.GetFromJsonAsync<JsonElement>("/version");
            var recipes = await http.GetFromJsonAsync<JsonElement>("/api/recipes");

            Assert.Equal(HttpStatusCode.OK, health);
            Assert.Equal(GitHead(), version.GetProperty("commit").GetString());
            Assert.NotEqual(0, recipes.GetProperty("items").GetArrayLength());

            await ComposeAsync(project, "down");
            var left = await Docker.RunAsync(["ps", "--all", "--quiet", "--filter", $"label=com.docker.compose.project={project}"]);
            Assert.Equal("", left.Trim());
        }
        finally
        {
            await ComposeAsync(project, "down", "--volumes", "--remove-orphans");
        }
    }

    private static async Task<HttpStatusCode> PollAsync(HttpClient http, string path)
    {
        var deadline = Stopwatch.StartNew();
        HttpStatusCode last = 0;
        while (deadline.Elapsed < Patience)
        {
            try
            {
                using var response = await http.GetAsync(path);
                last = response.StatusCode;
                if (last == HttpStatusCode.OK)
                {
                    return last;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(1000);
        }

        return last;
    }

    /// <summary>docker compose v2 where it answers, else docker-compose 1.29, with .env.example as the env file.</summary>
    private static async Task ComposeAsync(string project, params string[] arguments)
    {
        var root = DotEnvSettingsTests.RepositoryRoot();
        string[] common = ["--project-name", project, "--env-file", Path.Combine(root, ".env.example"),
            "--file", Path.Combine(root, "docker-compose.yml")];
        var start = ComposeV2Answers()
            ? new ProcessStartInfo("docker") { ArgumentList = { "compose" } }
            : new ProcessStartInfo("docker-compose");
        start.WorkingDirectory = root;
        start.Environment["IMAGE_REGISTRY"] = System.Environment.GetEnvironmentVariable("MEALPLANNER_TEST_IMAGE_REGISTRY") ?? "";
        await Docker.RunAsync(start, [.. common, .. arguments]);
    }

    private static bool ComposeV2Answers()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("docker", "compose version")
            { RedirectStandardOutput = true, RedirectStandardError = true })!;
            process.WaitForExit(10_000);
            return process.HasExited && process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string GitHead()
    {
        using var git = Process.Start(new ProcessStartInfo("git", "rev-parse HEAD")
        { RedirectStandardOutput = true, WorkingDirectory = DotEnvSettingsTests.RepositoryRoot() })!;
        var sha = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return sha;
    }
}
