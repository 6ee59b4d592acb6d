using Microsoft.Extensions.DependencyInjection;

namespace MealPlanner.AppHost;

/// <summary>
/// Health checks that connect with the resource's own connection string, so <c>WaitFor</c> waits until the server
/// really accepts clients (a started process is not yet a ready server).
/// </summary>
public static class ConnectionHealthChecks
{
    public static IResourceBuilder<T> WithNpgsqlHealthCheck<T>(this IResourceBuilder<T> resource)
        where T : IResourceWithConnectionString =>
        resource.WithConnectionHealthCheck((checks, key, connectionString) => checks.AddNpgSql(_ => connectionString(), name: key));

    public static IResourceBuilder<T> WithRedisHealthCheck<T>(this IResourceBuilder<T> resource)
        where T : IResourceWithConnectionString =>
        resource.WithConnectionHealthCheck((checks, key, connectionString) => checks.AddRedis(_ => connectionString(), name: key));

    private static IResourceBuilder<T> WithConnectionHealthCheck<T>(
        this IResourceBuilder<T> resource, Action<IHealthChecksBuilder, string, Func<string>> register)
        where T : IResourceWithConnectionString
    {
        var name = resource.Resource.Name;
        string? connectionString = null;
        resource.ApplicationBuilder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource.Resource, async (_, ct) =>
            connectionString = await resource.Resource.ConnectionStringExpression.GetValueAsync(ct));

        var key = $"{name}_check";
        register(
            resource.ApplicationBuilder.Services.AddHealthChecks(),
            key,
            () => connectionString ?? throw new InvalidOperationException($"{name} has no connection string yet."));
        return resource.WithHealthCheck(key);
    }
}
