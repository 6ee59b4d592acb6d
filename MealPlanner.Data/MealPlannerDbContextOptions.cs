using MealPlanner.Data.Connecting;
using Microsoft.EntityFrameworkCore;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace MealPlanner.Data;

/// <summary>The one place that says how the context talks to PostgreSQL, shared by every host and the design-time tools.</summary>
public static class MealPlannerDbContextOptions
{
    public const string HistoryTable = "__ef_migrations_history";

    public static void Configure(DbContextOptionsBuilder options, string? connectionString = null)
    {
        if (connectionString is null)
        {
            options.UseNpgsql(ConfigureNpgsql);
        }
        else
        {
            options.UseNpgsql(connectionString, ConfigureNpgsql);
        }

        options.UseSnakeCaseNamingConvention();
    }

    // In AWS the web services connect through RDS Proxy with IAM tokens (no password in the task); the rule
    // leaves every connection string that has a password, or PGPASSWORD beside it, as it is.
    private static void ConfigureNpgsql(NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsHistoryTable(HistoryTable)
            .ConfigureDataSource(RdsIamAuthentication.ConfigureWhenApplicable);
}
