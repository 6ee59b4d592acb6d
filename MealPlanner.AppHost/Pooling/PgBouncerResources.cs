namespace MealPlanner.AppHost.Pooling;

/// <summary>
/// What clients of a PgBouncer need: a connection string to the pooled database, with the Npgsql settings that are
/// safe under transaction pooling (no prepared statements kept across transactions, no session reset on close).
/// </summary>
public interface IPgBouncerResource : IResourceWithConnectionString, IResourceWithWaitSupport, IResourceWithEnvironment
{
    const string EndpointName = "tcp";
    const string SafeNpgsqlSettings = "Max Auto Prepare=0;No Reset On Close=true";
}

internal static class PgBouncerConnectionString
{
    public static ReferenceExpression For(EndpointReference endpoint, ParameterResource password, string database) =>
        ReferenceExpression.Create(
            $"Host={endpoint.Property(EndpointProperty.Host)};Port={endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={password};Database={database};{IPgBouncerResource.SafeNpgsqlSettings}");
}

/// <summary>PgBouncer from the machine's packages (processes mode).</summary>
public sealed class LocalPgBouncerResource(string name, string workingDirectory, ParameterResource password, string database)
    : ExecutableResource(name, "/bin/bash", workingDirectory), IPgBouncerResource
{
    public EndpointReference PrimaryEndpoint => new(this, IPgBouncerResource.EndpointName);

    public ReferenceExpression ConnectionStringExpression => PgBouncerConnectionString.For(PrimaryEndpoint, password, database);
}

/// <summary>PgBouncer as a container (containers mode and the manifest; the deployer maps it to RDS Proxy).</summary>
public sealed class PgBouncerContainerResource(string name, ParameterResource password, string database)
    : ContainerResource(name), IPgBouncerResource
{
    public const string Image = "edoburu/pgbouncer";
    public const string Tag = "v1.25.1-p0";
    public const int TargetPort = 5432;

    public EndpointReference PrimaryEndpoint => new(this, IPgBouncerResource.EndpointName);

    public ReferenceExpression ConnectionStringExpression => PgBouncerConnectionString.For(PrimaryEndpoint, password, database);
}
