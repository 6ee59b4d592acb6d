using MealPlanner.Data;
using MealPlanner.Data.Migrating;
using MealPlanner.Data.Seeding;
using MealPlanner.MigrationService;

var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
// The DIRECT connection string: migrations need a session of their own, which a transaction-mode pooler
// (pgbouncer, RDS Proxy) does not promise.
builder.AddNpgsqlDbContext<MealPlannerDbContext>(
    "mealplanner",
    settings => settings.DisableHealthChecks = true,
    options => MealPlannerDbContextOptions.Configure(options));
builder.Services.AddScoped<DatabaseMigrator>();
builder.Services.AddSingleton(new SeedSettings(builder.Configuration[SeedSettings.AdminPasswordKey]));
builder.Services.AddHostedService<MigrationWorker>();

var host = builder.Build();
host.Run();
