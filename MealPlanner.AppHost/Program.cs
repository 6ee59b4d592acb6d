using MealPlanner.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

try
{
    builder.AddDotEnvFile();
    var runtime = builder.SelectLocalRuntime();
    var data = builder.PrepareLocalDataFolder(runtime);

    var database = builder.AddMealPlannerDatabase(runtime, data);
    var cache = builder.AddMealPlannerCache(runtime, data);
    var adminPassword = builder.AddAdminPassword();

    var migrations = builder.AddProject<Projects.MealPlanner_MigrationService>(PlatformResources.Migrations)
        .WithReference(database.Direct)
        .WithEnvironment("Seed__AdminPassword", adminPassword)
        .WaitFor(database.Direct);

    builder.AddProject<Projects.MealPlanner_Api>(PlatformResources.Api)
        .WithReference(database.Pooled, connectionName: PlatformResources.Database)
        .WithReference(cache)
        .WaitFor(database.Pooled)
        .WaitFor(cache)
        .WaitForCompletion(migrations)
        .WithHttpHealthCheck("/health")
        .WithExternalHttpEndpoints();
}
catch (AppHostSetupException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    return 1;
}

builder.Build().Run();
return 0;
