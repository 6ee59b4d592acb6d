using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MealPlanner.AppHost.LocalProcesses;

/// <summary>Adds the processes-mode servers: each a script under <c>scripts/</c> that runs the real server,
/// with a health check that makes <c>WaitFor</c> wait until it accepts connections. Endpoints are not proxied:
/// clients reach the server itself, so a stopped server refuses at once instead of hanging in a proxy.</summary>
public static class LocalProcessesBuilderExtensions
{
    public static string ScriptPath(string script) => Path.Combine(AppContext.BaseDirectory, "LocalProcesses", "scripts", script);

    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password, LocalDataFolder data)
    {
        var binDir = ServerBinaries.FindPostgresBinDir();
        var server = new LocalPostgresServerResource(name, builder.AppHostDirectory, password.Resource);

        return builder.AddResource(server)
            .WithArgs(ScriptPath("run-postgres.sh"))
            .WithEndpoint(name: LocalPostgresServerResource.EndpointName, scheme: "tcp", env: "PGPORT", isProxied: false)
            .WithEnvironment("PG_BINDIR", binDir)
            .WithEnvironment("PG_DATA_ROOT", data.For(name))
            .WithEnvironment("MEALPLANNER_PG_PASSWORD", password)
            .WithNpgsqlHealthCheck()
            .WithWipeDataCommand(data)
            .WithIconName("Database");
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddLocalDatabase(
        this IResourceBuilder<LocalPostgresServerResource> server, string name)
    {
        var builder = server.ApplicationBuilder;
        var database = new LocalPostgresDatabaseResource(name, name, server.Resource);

        // Like the stock PostgreSQL resource: create the database once the server answers. A database has no
        // process of its own, so its state is ours to publish: Running once it exists. It has no health check of its
        // own: the query that found or created it has just shown that the server accepts these credentials, and a
        // second check (a new connection to the database) kept the migration worker waiting 0.15-0.35 s per start.
        builder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (@event, ct) =>
        {
            var serverConnection = await server.Resource.ConnectionStringExpression.GetValueAsync(ct);
            await CreateDatabaseIfMissingAsync(serverConnection!, database.DatabaseName, ct);
            await @event.Services.GetRequiredService<ResourceNotificationService>().PublishUpdateAsync(
                database, snapshot => snapshot with { State = KnownResourceStates.Running });
        });

        return builder.AddResource(database)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.Waiting,
                Properties = [new(CustomResourceKnownProperties.Source, server.Resource.Name)],
            });
    }

    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, IResourceBuilder<ParameterResource> password, LocalDataFolder data)
    {
        var redisServer = ServerBinaries.FindRedisServer();
        var redis = new LocalRedisResource(name, builder.AppHostDirectory, password.Resource);

        return builder.AddResource(redis)
            .WithArgs(ScriptPath("run-redis.sh"))
            .WithEndpoint(name: LocalRedisResource.EndpointName, scheme: "tcp", env: "REDIS_PORT", isProxied: false)
            .WithEnvironment("REDIS_SERVER", redisServer)
            .WithEnvironment("REDIS_DATA_ROOT", data.For(name))
            .WithEnvironment("MEALPLANNER_REDIS_PASSWORD", password)
            .WithRedisHealthCheck()
            .WithWipeDataCommand(data)
            .WithIconName("Memory");
    }

    private static async Task CreateDatabaseIfMissingAsync(string serverConnectionString, string databaseName, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(serverConnectionString);
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", databaseName);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            var quoted = "\"" + databaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            await create.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>A dashboard command that stops the server, deletes its data folder and starts it again empty.</summary>
    public static IResourceBuilder<T> WithWipeDataCommand<T>(this IResourceBuilder<T> resource, LocalDataFolder data)
        where T : ExecutableResource
    {
        return resource.WithCommand(
            name: "wipe-data",
            displayName: "Wipe data",
            executeCommand: async context =>
            {
                var name = resource.Resource.Name; // context.ResourceName is the running instance's, not the model's
                var commands = context.Services.GetRequiredService<ResourceCommandService>();
                var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
                var stop = await commands.ExecuteCommandAsync(resource.Resource, KnownResourceCommands.StopCommand, context.CancellationToken);
                if (!stop.Success)
                {
                    return stop;
                }

                await notifications.WaitForResourceAsync(name, KnownResourceStates.TerminalStates, context.CancellationToken);
                data.Wipe(name);
                var start = await commands.ExecuteCommandAsync(resource.Resource, KnownResourceCommands.StartCommand, context.CancellationToken);
                if (start.Success)
                {
                    await notifications.WaitForResourceHealthyAsync(name, context.CancellationToken);
                }

                return start;
            },
            commandOptions: new CommandOptions
            {
                Description = $"Stop {resource.Resource.Name}, delete its data folder ({data.For(resource.Resource.Name)}) and start it empty.",
                ConfirmationMessage = $"Delete every row and key of {resource.Resource.Name}? This cannot be undone.",
                IconName = "Delete",
                IsHighlighted = false,
            });
    }
}
