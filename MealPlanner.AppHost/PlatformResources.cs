using MealPlanner.AppHost.LocalProcesses;
using MealPlanner.AppHost.LocalRuntime;

namespace MealPlanner.AppHost;

/// <summary>The backing services of the resource graph (names are a contract: tests, docs and the deployer use them),
/// built the way the chosen runtime needs.</summary>
public static class PlatformResources
{
    public const string Postgres = "postgres";
    public const string Database = "mealplanner";
    public const string Cache = "cache";
    public const string Migrations = "migrations";
    public const string Api = "api";

    public const string PostgresImageTag = "15";
    public const string RedisImageTag = "7";

    /// <summary>PostgreSQL 15 and its <c>mealplanner</c> database.</summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddMealPlannerDatabase(
        this IDistributedApplicationBuilder builder, LocalRuntimeChoice runtime, LocalDataFolder data)
    {
        if (runtime.Mode == LocalRuntimeMode.Processes)
        {
            var password = builder.AddPasswordParameter($"{Postgres}-password");
            return builder.AddLocalPostgres(Postgres, password, data).AddLocalDatabase(Database);
        }

        var postgres = builder.AddPostgres(Postgres).WithImageTag(PostgresImageTag);
        if (runtime.Mode == LocalRuntimeMode.Containers)
        {
            postgres.WithDataVolume();
        }

        return postgres.AddDatabase(Database);
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
            redis.WithDataVolume().WithPersistence();
        }

        return redis;
    }

    /// <summary>A generated secret, kept in the AppHost's user secrets so restarts find the same one; the same
    /// name and shape the stock resources use, so a .env file or user secret sets it in every mode.</summary>
    private static IResourceBuilder<ParameterResource> AddPasswordParameter(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddParameter(name, new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true, persist: true);
}
