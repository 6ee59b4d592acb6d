using MealPlanner.Data;
using MealPlanner.MigrationService;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDbContext<MealPlannerDbContext>(
    "mealplanner",
    settings => settings.DisableHealthChecks = true,
    options => MealPlannerDbContextOptions.Configure(options));
builder.Services.AddHostedService<MigrationWorker>();

var host = builder.Build();
host.Run();
