using MealPlanner.AppHost.LocalContainers;
using MealPlanner.AppHost.LocalProcesses;
using MealPlanner.AppHost.LocalRuntime;
using MealPlanner.AppHost.Pooling;
using MealPlanner.AppHost.Storage;

namespace MealPlanner.AppHost;

/// <summary>The backing services of the resource graph (names are a contract: tests, docs and the deployer use them),
/// built the way the chosen runtime needs.</summary>
public static class PlatformResources
{
    public const string Postgres = "postgres";
    public const string Database = "mealplanner";
    public const string Pooler = "pgbouncer";
    public const string Cache = "cache";
    public const string Storage = "storage";
    public const string Migrations = "migrations";
    public const string Api = "api";

    public const string PostgresImageTag = "15";
    public const string RedisImageTag = "7";

    /// <summary>The <c>mealplanner</c> database on PostgreSQL 15: <paramref name="Direct"/> for the migration worker,
    /// which needs a session of its own (advisory lock); <paramref name="Pooled"/> through PgBouncer for the API.</summary>
    public sealed record DatabaseResources(
        IResourceBuilder<IResourceWithConnectionString> Direct,
        IResourceBuilder<IPgBouncerResource> Pooled);

    public static DatabaseResources AddMealPlannerDatabase(
        this IDistributedApplicationBuilder builder, LocalRuntimeChoice runtime, LocalDataFolder data)
    {
        if (runtime.Mode == LocalRuntimeMode.Processes)
        {
            var password = builder.AddPasswordParameter($"{Postgres}-password");
            var server = builder.AddLocalPostgres(Postgres, password, data);
            var database = server.AddLocalDatabase(Database);
            var pooled = builder.AddPgBouncer(Pooler, database, Database, server.Resource.PrimaryEndpoint, password.Resource, data);
            return new DatabaseResources(database, pooled);
        }

        var postgres = builder.AddPostgres(Postgres).WithImageTag(PostgresImageTag);
        if (runtime.Mode == LocalRuntimeMode.Containers)
        {
            postgres.WithDataVolume(ContainerVolumes.For(builder.Configuration, Postgres));
        }

        var stockDatabase = postgres.AddDatabase(Database);
        var pooler = builder.AddPgBouncer(
            Pooler, stockDatabase, Database, postgres.Resource.PrimaryEndpoint, postgres.Resource.PasswordParameter, localData: null);
        return new DatabaseResources(stockDatabase, pooler);
    }

    /// <summary>Redis 7, password required in every mode.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddMealPlannerCache(
        this IDistributedApplicationBuilder builder, LocalRuntimeChoice runtime, LocalDataFolder data)
    {
        if (runtime.Mode == LocalRuntimeMode.Processes)
        {
            var password = builder.AddPasswordParameter($"{Cache}-password");
            return builder.AddLocalRedis(Cache, password, data);
        }

        var redis = builder.AddRedis(Cache).WithImageTag(RedisImageTag);
        if (runtime.Mode == LocalRuntimeMode.Containers)
        {
            redis.WithDataVolume(ContainerVolumes.For(builder.Configuration, Cache)).WithPersistence().WithArgs(ExecRedisServer);
        }

        return redis;
    }

    // The stock resource runs `/bin/sh -c "redis-server ..."`, and sh stays PID 1 there: it ignores SIGTERM, so every
    // stop waited Docker's 10 s and ended in SIGKILL (exit 137), losing whatever Redis had not saved yet. `exec` makes
    // redis-server PID 1, which saves and exits at once on SIGTERM; the append-only file gives it processes mode's
    // durability (every write, not a snapshot a minute).
    // The stock resource's arguments are joined into that one `sh -c` line after this callback has run.
    private static void ExecRedisServer(CommandLineArgsCallbackContext context)
    {
        if (context.Args.Count > 0 && context.Args[0] is "redis-server")
        {
            context.Args.Insert(0, "exec");
            context.Args.Add("--appendonly");
            context.Args.Add("yes");
        }
    }

    /// <summary>The S3-compatible image store with its <c>images</c> bucket.</summary>
    public static IResourceBuilder<IImageStorageResource> AddMealPlannerImageStorage(
        this IDistributedApplicationBuilder builder, LocalRuntimeChoice runtime, LocalDataFolder data) =>
        builder.AddImageStorage(Storage, runtime.Mode == LocalRuntimeMode.Processes ? data : null);

    /// <summary>How many API processes run (<c>Api:Replicas</c>, default 1); production runs two,
    /// and the tests run two to prove that sessions and cookies survive a hop between them.</summary>
    private static int ApiReplicas(this IDistributedApplicationBuilder builder) =>
        int.TryParse(builder.Configuration["Api:Replicas"], out var replicas) && replicas > 0 ? replicas : 1;

    /// <summary>Runs <see cref="ApiReplicas"/> API processes. Only several need Aspire's proxy to share the port (5080);
    /// one listens on it itself. Through the proxy, a request sent while the API was still starting was held 10 s in a
    /// measured start, though the API answered its first request 2 s after it listened; without the proxy such a
    /// request is refused at once and the client's retry gets the answer.</summary>
    public static IResourceBuilder<ProjectResource> WithApiReplicas(this IResourceBuilder<ProjectResource> api)
    {
        var replicas = api.ApplicationBuilder.ApiReplicas();
        api.WithReplicas(replicas);
        return replicas > 1 ? api : api.WithEndpoint("http", endpoint => endpoint.IsProxied = false);
    }

    /// <summary>The seeded admin's password, handed to the migration worker as <c>Seed:AdminPassword</c>.</summary>
    public static IResourceBuilder<ParameterResource> AddAdminPassword(this IDistributedApplicationBuilder builder) =>
        builder.AddPasswordParameter("admin-password");

    /// <summary>A generated secret, kept in the AppHost's user secrets so restarts find the same one; the same
    /// name and shape the stock resources use, so a .env file or user secret sets it in every mode.</summary>
    private static IResourceBuilder<ParameterResource> AddPasswordParameter(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true, persist: true);
}
