using MealPlanner.AppHost;

var builder = DistributedApplication.CreateBuilder(args);

builder.AddDotEnvFile();
var runtime = builder.SelectLocalRuntime();
var data = builder.PrepareLocalDataFolder(runtime);

var database = builder.AddMealPlannerDatabase(runtime, data);
var cache = builder.AddMealPlannerCache(runtime, data);

var migrations = builder.AddProject<Projects.MealPlanner_MigrationService>(PlatformResources.Migrations)
    .WithReference(database)
    .WaitFor(database);

builder.AddProject<Projects.MealPlanner_Api>(PlatformResources.Api)
    .WithReference(database)
    .WithReference(cache)
    .WaitFor(database)
    .WaitFor(cache)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints();

builder.Build().Run();
