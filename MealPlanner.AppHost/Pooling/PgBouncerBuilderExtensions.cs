using MealPlanner.AppHost.LocalProcesses;

namespace MealPlanner.AppHost.Pooling;

public static class PgBouncerBuilderExtensions
{
    /// <summary>PgBouncer in transaction mode in front of <paramref name="server"/>'s <paramref name="database"/>.</summary>
    public static IResourceBuilder<IPgBouncerResource> AddPgBouncer(
        this IDistributedApplicationBuilder builder,
        string name,
        IResourceBuilder<IResourceWithConnectionString> database,
        string databaseName,
        EndpointReference server,
        ParameterResource password,
        LocalDataFolder? localData)
    {
        IResourceBuilder<IPgBouncerResource> pooler = localData is null
            ? AddContainer(builder, name, databaseName, server, password)
            : AddLocalProcess(builder, name, databaseName, server, password, localData);

        pooler.WithNpgsqlHealthCheck().WaitFor(database);
        return pooler;
    }

    private static IResourceBuilder<PgBouncerContainerResource> AddContainer(
        IDistributedApplicationBuilder builder, string name, string databaseName, EndpointReference server, ParameterResource password) =>
        builder.AddResource(new PgBouncerContainerResource(name, password, databaseName))
            .WithImage(PgBouncerContainerResource.Image, PgBouncerContainerResource.Tag)
            .WithImageRegistry("docker.io")
            .WithEndpoint(name: IPgBouncerResource.EndpointName, targetPort: PgBouncerContainerResource.TargetPort, scheme: "tcp")
            .WithEnvironment("DB_HOST", server.Property(EndpointProperty.Host))
            .WithEnvironment("DB_PORT", server.Property(EndpointProperty.Port))
            .WithEnvironment("DB_NAME", databaseName)
            .WithEnvironment("DB_USER", "postgres")
            .WithEnvironment("DB_PASSWORD", password)
            .WithEnvironment("POOL_MODE", "transaction")
            .WithEnvironment("AUTH_TYPE", "scram-sha-256")
            .WithEnvironment("ADMIN_USERS", "postgres")
            .WithPgBouncerTimeouts(variablePrefix: "");

    private static IResourceBuilder<LocalPgBouncerResource> AddLocalProcess(
        IDistributedApplicationBuilder builder, string name, string databaseName, EndpointReference server, ParameterResource password, LocalDataFolder data) =>
        builder.AddResource(new LocalPgBouncerResource(name, builder.AppHostDirectory, password, databaseName))
            .WithArgs(LocalProcessesBuilderExtensions.ScriptPath("run-pgbouncer.sh"))
            .WithEndpoint(name: IPgBouncerResource.EndpointName, scheme: "tcp", env: "PGBOUNCER_PORT", isProxied: false)
            .WithEnvironment("PGBOUNCER_BIN", ServerBinaries.FindPgBouncer())
            .WithEnvironment("PGBOUNCER_DATA_ROOT", data.For(name))
            .WithEnvironment("PG_HOST", server.Property(EndpointProperty.Host))
            .WithEnvironment("PG_PORT", server.Property(EndpointProperty.Port))
            .WithEnvironment("PG_DATABASE", databaseName)
            .WithEnvironment("MEALPLANNER_PG_PASSWORD", password)
            .WithPgBouncerTimeouts(variablePrefix: "PGBOUNCER_")
            .WithIconName("ArrowSplit");
}
