using MealPlanner.Data;
using MealPlanner.Data.Migrating;
using MealPlanner.Data.Seeding;
using MealPlanner.MigrationService;

// "--check" only reports (exit code) what a run would do; the host's command-line configuration never sees it.
var checkOnly = args.Contains(MigrationCheck.Argument);
var builder = Host.CreateApplicationBuilder(args.Where(a => a != MigrationCheck.Argument).ToArray());

builder.AddServiceDefaults();
// The DIRECT connection string: migrations need a session of their own, which a transaction-mode pooler
// (pgbouncer, RDS Proxy) does not promise.
builder.AddNpgsqlDbContext<MealPlannerDbContext>(
    "mealplanner",
    settings => settings.DisableHealthChecks = true,
    options => MealPlannerDbContextOptions.Configure(options));
if (checkOnly)
{
    builder.Services.AddHostedService<MigrationCheckWorker>();
}
else
{
    builder.Services.AddScoped<DatabaseMigrator>();
    builder.Services.AddSingleton<MigrationMetrics>();
    builder.Services.AddSingleton(new SeedSettings(builder.Configuration[SeedSettings.AdminPasswordKey]));
    builder.Services.AddHostedService<MigrationWorker>();
}

var host = builder.Build();
host.Run();
