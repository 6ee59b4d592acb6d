using System.Reflection;
using MealPlanner.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;

namespace MealPlanner.Tests.Database;

/// <summary>A test-only migration, ordered after every real one, that creates a table and then fails.</summary>
[DbContext(typeof(MealPlannerDbContext))]
[Migration(Id)]
public sealed class DeliberatelyFailingMigration : Migration
{
    public const string Id = "99991231235959_DeliberatelyFailing";
    public const string Reason = "division by zero";

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("half_done", table => new { id = table.Column<int>("integer") });
        migrationBuilder.Sql("SELECT 1 / 0;");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("half_done");

    /// <summary>Adds this migration to the context's real ones.</summary>
    public static void Include(DbContextOptionsBuilder options) =>
        options.ReplaceService<IMigrationsAssembly, MigrationsPlusTheFailingOne>();

#pragma warning disable EF1001 // Deriving from EF Core's own migrations assembly is the least code that adds one migration.
    private sealed class MigrationsPlusTheFailingOne(
        ICurrentDbContext currentContext,
        IDbContextOptions options,
        IMigrationsIdGenerator idGenerator,
        IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
        : MigrationsAssembly(currentContext, options, idGenerator, logger)
    {
        public override IReadOnlyDictionary<string, TypeInfo> Migrations =>
            base.Migrations.Append(new(Id, typeof(DeliberatelyFailingMigration).GetTypeInfo())).ToDictionary();
    }
#pragma warning restore EF1001
}
