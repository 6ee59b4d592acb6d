using MealPlanner.AppHost;
using MealPlanner.AppHost.LocalContainers;
using MealPlanner.AppHost.Storage;

StartupJitProfile.Start();

var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = args,
    // A trusted development certificate only shortens DCP's start (scripts/lib/dev-cert.sh); resources keep plain
    // HTTP and their own trust stores whether or not this machine has one.
    TrustDeveloperCertificate = false,
    DeveloperCertificateDefaultHttpsTerminationEnabled = false,
});

try
{
    builder.AddDotEnvFile();
    builder.ForwardResourceLogsWhenAsked();
    builder.UsePatientHealthChecks();
    builder.SkipDcpProcessWatchdogsUnlessAsked();
    var runtime = builder.SelectLocalRuntime();
    var data = builder.PrepareLocalDataFolder(runtime);

    var database = builder.AddMealPlannerDatabase(runtime, data);
    var cache = builder.AddMealPlannerCache(runtime, data);
    var storage = builder.AddMealPlannerImageStorage(runtime, data);
    var adminPassword = builder.AddAdminPassword();
    // Optional locally (empty: Sentry off); in AWS a Secrets Manager secret an operator fills with the DSN.
    var sentryDsn = builder.ExecutionContext.IsRunMode
        ? builder.AddParameter("sentry-dsn", builder.Configuration["Parameters:sentry-dsn"] ?? "", secret: true)
        : builder.AddParameter("sentry-dsn", secret: true);

    var migrations = builder.AddProject<Projects.MealPlanner_MigrationService>(PlatformResources.Migrations)
        .RunBuiltOutput()
        .WithConnectionStringsOnly()
        .WithReference(database.Direct)
        .WithEnvironment("Seed__AdminPassword", adminPassword)
        .WaitFor(database.Direct)
        .WithoutTelemetryRetryAtExit()
        // The migration service's `--check` (MigrationCheck.Argument): the deployer snapshots before pending migrations.
        .AsRunToCompletion(pendingCheckArgument: "--check");

    builder.AddProject<Projects.MealPlanner_Api>(PlatformResources.Api)
        .RunBuiltOutput()
        .WithConnectionStringsOnly()
        .WithReference(database.Pooled, connectionName: PlatformResources.Database)
        .WithReference(cache)
        .WithImageStorage(storage)
        .WaitFor(database.Pooled)
        .WaitFor(cache)
        .WaitForCompletion(migrations)
        .WithApiReplicas()
        .WithHttpHealthCheck("/health")
        .WithExternalHttpEndpoints()
        .WithEnvironment("Sentry__Dsn", sentryDsn)
        .WithEdgeParameters();

    builder.UseContainerImageRegistry();
}
catch (AppHostSetupException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

builder.Build().Run();
return 0;
