using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StackExchange.Redis;

namespace MealPlanner.Tests.Platform;

/// <summary>The local platform end to end: real PostgreSQL 15 and Redis 7 processes under the real AppHost.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PlatformTests(PlatformFixture platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("postgres")]
    [InlineData("mealplanner")]
    [InlineData("pgbouncer")]
    [InlineData("cache")]
    [InlineData("storage")]
    [InlineData("api")]
    public async Task Resource_is_running_and_healthy(string resource)
    {
        using var cts = new CancellationTokenSource(Patience);
        await platform.WaitHealthyAsync(resource, cts.Token);
    }

    [Fact]
    public async Task Migrations_finish_with_exit_code_zero()
    {
        using var cts = new CancellationTokenSource(Patience);
        var finished = await platform.Notifications.WaitForResourceAsync(
            "migrations", e => e.Snapshot.State?.Text is "Finished" or "Exited" or "FailedToStart", cts.Token);

        Assert.Equal(0, finished.Snapshot.ExitCode);
    }

    [Fact]
    public async Task Health_is_200_when_postgres_and_redis_answer()
    {
        using var http = platform.App.CreateHttpClient("api", "http");

        using var response = await http.GetAsync("/health");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal(0, body.GetProperty("failed").GetArrayLength());
    }

    [Fact]
    public async Task Health_is_503_naming_the_cache_while_redis_is_stopped_then_200_after_restart()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        using var http = platform.App.CreateHttpClient("api", "http");

        await platform.Commands.ExecuteCommandAsync("cache", KnownResourceCommands.StopCommand, cts.Token);
        try
        {
            var (status, body) = await PollHealthAsync(http, HttpStatusCode.ServiceUnavailable, cts.Token);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Contains("cache", body.GetProperty("failed").EnumerateArray().Select(e => e.GetString()));
            Assert.DoesNotContain("postgres", body.GetProperty("failed").EnumerateArray().Select(e => e.GetString()));
        }
        finally
        {
            await platform.StartAgainAsync("cache", cts.Token);
        }

        var (after, _) = await PollHealthAsync(http, HttpStatusCode.OK, cts.Token);
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task A_key_written_just_before_redis_stops_is_there_after_it_starts_again_and_the_stop_is_graceful()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var options = ConfigurationOptions.Parse(await platform.ConnectionStringAsync("cache"));
        var key = $"tests:durable:{Guid.NewGuid():N}";
        await using (var before = await ConnectionMultiplexer.ConnectAsync(options))
        {
            await before.GetDatabase().StringSetAsync(key, "kept");
        }

        var stopping = Stopwatch.StartNew();
        await platform.Commands.ExecuteCommandAsync("cache", KnownResourceCommands.StopCommand, cts.Token);
        var stopped = await platform.Notifications.WaitForResourceAsync(
            "cache", e => e.Snapshot.State?.Text is "Exited" or "Finished", cts.Token);
        stopping.Stop();
        await platform.StartAgainAsync("cache", cts.Token);

        // Killed (137) instead of stopped means Redis never got to save; 10 s is where Docker gives up and kills.
        Assert.NotEqual(137, stopped.Snapshot.ExitCode);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(9), $"stopping Redis took {stopping.Elapsed.TotalSeconds:0.0} s");
        await using var after = await ConnectionMultiplexer.ConnectAsync(options);
        Assert.Equal("kept", (string?)await after.GetDatabase().StringGetAsync(key));
    }

    [Fact]
    public async Task Database_is_reachable_with_the_connection_string_the_api_receives_which_goes_through_pgbouncer()
    {
        var connectionString = await ApiEnvironmentAsync("ConnectionStrings__mealplanner");
        Assert.Equal(await platform.ConnectionStringAsync("pgbouncer"), connectionString);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database(), current_setting('server_version_num')::int", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal("mealplanner", reader.GetString(0));
        Assert.InRange(reader.GetInt32(1), 150000, 159999);
    }

    [Fact]
    public async Task Redis_is_reachable_with_the_connection_string_the_api_receives_and_refuses_no_password()
    {
        var connectionString = await ApiEnvironmentAsync("ConnectionStrings__cache");
        var options = ConfigurationOptions.Parse(connectionString);
        options.AllowAdmin = true; // for INFO
        Assert.False(string.IsNullOrEmpty(options.Password));

        await using (var redis = await ConnectionMultiplexer.ConnectAsync(options))
        {
            var db = redis.GetDatabase();
            var key = $"tests:{Guid.NewGuid():N}";
            await db.StringSetAsync(key, "ok", TimeSpan.FromMinutes(1));
            Assert.Equal("ok", (string?)await db.StringGetAsync(key));
            var info = await redis.GetServer(options.EndPoints[0]).InfoAsync("server");
            var version = info.SelectMany(g => g).First(p => p.Key == "redis_version").Value;
            Assert.StartsWith("7.", version);
        }

        // Without a password the server answers every command with NOAUTH. Asked on a plain socket: through a client
        // library the answer raced its connect timeout under load and came back as a connection failure instead.
        var (host, port) = options.EndPoints[0] switch
        {
            DnsEndPoint dns => (dns.Host, dns.Port),
            IPEndPoint ip => (ip.Address.ToString(), ip.Port),
            var other => throw new InvalidOperationException($"unexpected endpoint {other}"),
        };
        using var anonymous = new TcpClient();
        await anonymous.ConnectAsync(host, port);
        var stream = anonymous.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var reply = new byte[256];
        var read = await stream.ReadAsync(reply).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.StartsWith("-NOAUTH", Encoding.ASCII.GetString(reply, 0, read));
    }

    [Fact]
    public async Task Version_reports_the_commit_and_build_time_baked_in_at_build()
    {
        using var http = platform.App.CreateHttpClient("api", "http");

        var version = await http.GetFromJsonAsync<JsonElement>("/version");

        Assert.Matches("^[0-9a-f]{40}$", version.GetProperty("commit").GetString());
        Assert.True(DateTimeOffset.TryParse(version.GetProperty("builtAt").GetString(), out _));
    }

    [Fact]
    public async Task Rows_survive_a_postgres_restart_and_the_stopped_server_leaves_nothing_running()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var connectionString = await platform.ConnectionStringAsync("mealplanner");
        var marker = Guid.NewGuid().ToString("N");
        await ExecuteAsync(connectionString, "CREATE TABLE IF NOT EXISTS restart_probe (marker text PRIMARY KEY)");
        await ExecuteAsync(connectionString, $"INSERT INTO restart_probe VALUES ('{marker}')");

        await platform.Commands.ExecuteCommandAsync("postgres", KnownResourceCommands.StopCommand, cts.Token);
        await platform.Notifications.WaitForResourceAsync("postgres", [KnownResourceStates.Exited, KnownResourceStates.Finished], cts.Token);
        var leftover = PlatformFixture.IsContainers
            ? await Docker.RunningContainersMountingAsync($"{platform.RunName}-postgres-data")
            : ServerProcessesUsing(Path.Combine(platform.DataRoot, "postgres")).ConvertAll(pid => pid.ToString());

        await platform.StartAgainAsync("postgres", cts.Token);

        Assert.Empty(leftover);
        NpgsqlConnection.ClearAllPools();
        // Leave the platform as other tests expect it: PgBouncer serving again after the server came back.
        await WaitUntilQueryableAsync(await platform.ConnectionStringAsync("pgbouncer"), cts.Token);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cts.Token);
        await using var read = new NpgsqlCommand("SELECT count(*) FROM restart_probe WHERE marker = @m", connection);
        read.Parameters.AddWithValue("m", marker);
        Assert.Equal(1L, await read.ExecuteScalarAsync(cts.Token));
    }

    [Fact]
    [Trait(PlatformFixture.RuntimeTrait, "processes")]
    public async Task The_wipe_data_dashboard_command_empties_the_cache_and_starts_it_again()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = ConfigurationOptions.Parse(await platform.ConnectionStringAsync("cache"));
        var key = $"tests:wipe:{Guid.NewGuid():N}";
        await using (var before = await ConnectionMultiplexer.ConnectAsync(options))
        {
            await before.GetDatabase().StringSetAsync(key, "kept until wiped");
        }

        var result = await platform.Commands.ExecuteCommandAsync("cache", "wipe-data", cts.Token);
        await platform.WaitHealthyAsync("cache", cts.Token);

        Assert.True(result.Success, result.Message);
        await using var after = await ConnectionMultiplexer.ConnectAsync(options);
        Assert.False(await after.GetDatabase().KeyExistsAsync(key));
    }

    private async Task<string> ApiEnvironmentAsync(string name)
    {
        var model = platform.App.Services.GetRequiredService<DistributedApplicationModel>();
        var api = model.Resources.OfType<IResourceWithEnvironment>().Single(r => r.Name == "api");
#pragma warning disable CS0618 // The testing-friendly way to read what the orchestrator hands a resource.
        var environment = await api.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);
#pragma warning restore CS0618
        return environment[name];
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PollHealthAsync(
        HttpClient http, HttpStatusCode wanted, CancellationToken ct)
    {
        while (true)
        {
            using var response = await http.GetAsync("/health", ct);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            if (response.StatusCode == wanted)
            {
                return (response.StatusCode, body);
            }

            await Task.Delay(250, ct);
        }
    }

    private static async Task WaitUntilQueryableAsync(string connectionString, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                await ExecuteAsync(connectionString, "SELECT 1");
                return;
            }
            catch (NpgsqlException) when (!ct.IsCancellationRequested)
            {
                NpgsqlConnection.ClearAllPools();
                await Task.Delay(250, ct);
            }
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>PIDs of processes whose command line names the given data folder (the server and its children).</summary>
    private static List<int> ServerProcessesUsing(string folder)
    {
        var deadline = Stopwatch.StartNew();
        List<int> found;
        do
        {
            found = Directory.EnumerateDirectories("/proc")
                .Select(Path.GetFileName)
                .Where(name => int.TryParse(name, out _))
                .Select(int.Parse!)
                .Where(pid => ReadCommandLine(pid).Contains(folder, StringComparison.Ordinal))
                .ToList();
        }
        while (found.Count > 0 && deadline.Elapsed < TimeSpan.FromSeconds(5));

        return found;
    }

    private static string ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
