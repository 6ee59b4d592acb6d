using System.Diagnostics;
using MealPlanner.Tests.Platform;
using Npgsql;

namespace MealPlanner.Tests.Database;

/// <summary>pgbouncer between the API and PostgreSQL, in transaction pooling mode.</summary>
[Collection(PlatformCollection.Name)]
public sealed class PoolerTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_query_through_pgbouncer_reaches_the_database_and_show_pools_lists_its_pool()
    {
        var pooled = new NpgsqlConnectionStringBuilder(await platform.ConnectionStringAsync("pgbouncer"));
        var direct = new NpgsqlConnectionStringBuilder(await platform.DirectAsync());

        var answer = await Sql.RowsAsync(pooled.ConnectionString,
            "SELECT current_database(), inet_server_port(), (SELECT count(*) FROM recipes) > 0");

        // The pooler listens on a port of its own and forwards to the server's: in processes mode the one clients
        // use, in containers mode the server's port inside its container (clients use the one Docker publishes).
        var serverPort = PlatformFixture.IsContainers ? 5432 : direct.Port;
        Assert.NotEqual(direct.Port, pooled.Port);
        Assert.Equal($"mealplanner | {serverPort} | True", Assert.Single(answer));
        var pools = await ShowPoolsAsync(pooled);
        var pool = Assert.Single(pools, p => p["database"] == "mealplanner" && p["user"] == pooled.Username);
        Assert.Equal("transaction", pool["pool_mode"]);
    }

    /// <summary>pgbouncer's admin console speaks only the simple query protocol, which Npgsql does not: ask psql.</summary>
    private static async Task<List<Dictionary<string, string>>> ShowPoolsAsync(NpgsqlConnectionStringBuilder pooled)
    {
        var psql = new ProcessStartInfo("psql")
        {
            ArgumentList = { "-h", pooled.Host!, "-p", pooled.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-U", pooled.Username!, "-d", "pgbouncer", "-X", "-A", "-F", "\t", "--pset=footer=off", "-c", "SHOW POOLS" },
            Environment = { ["PGPASSWORD"] = pooled.Password, ["PGCONNECT_TIMEOUT"] = "5" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psql)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"psql SHOW POOLS failed: {error}");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split('\t');
        return [.. lines.Skip(1).Select(line => header.Zip(line.Split('\t')).ToDictionary(p => p.First, p => p.Second))];
    }
}
