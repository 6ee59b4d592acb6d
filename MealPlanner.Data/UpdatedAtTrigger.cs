using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MealPlanner.Data;

/// <summary>
/// <c>updated_at</c> is kept current by a database trigger rather than by application code, so that every writer
/// (EF Core change tracking, <c>ExecuteUpdateAsync</c>, raw SQL, an operator in psql) refreshes it alike.
/// </summary>
public static class UpdatedAtTrigger
{
    public const string FunctionName = "set_updated_at";

    /// <summary>Tells EF Core the database writes the column on insert and update, so it reads it back.</summary>
    public static PropertyBuilder<DateTimeOffset> KeepCurrentByTrigger(this PropertyBuilder<DateTimeOffset> property) =>
        property.ValueGeneratedOnAddOrUpdate();

    public static void CreateFunction(this MigrationBuilder migration) => migration.Sql($"""
        CREATE FUNCTION {FunctionName}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.updated_at := now();
            RETURN NEW;
        END
        $$;
        """);

    public static void DropFunction(this MigrationBuilder migration) =>
        migration.Sql($"DROP FUNCTION {FunctionName}();");

    public static void CreateUpdatedAtTrigger(this MigrationBuilder migration, string table) => migration.Sql(
        $"CREATE TRIGGER {TriggerName(table)} BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {FunctionName}();");

    public static void DropUpdatedAtTrigger(this MigrationBuilder migration, string table) =>
        migration.Sql($"DROP TRIGGER {TriggerName(table)} ON {table};");

    public static string TriggerName(string table) => $"trg_{table}_updated_at";
}
