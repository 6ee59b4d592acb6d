namespace MealPlanner.Tests.Database;

/// <summary>
/// What PostgreSQL's catalog says about the <c>public</c> schema, as sorted lines that compare (and diff) well:
/// every column with its type, length, nullability and default; every index by its definition; every constraint,
/// trigger and function.
/// </summary>
internal sealed record SchemaCatalog(List<string> Columns, List<string> Indexes, List<string> Constraints, List<string> Triggers, List<string> Functions)
{
    public static async Task<SchemaCatalog> ReadAsync(string connectionString, string? table = null)
    {
        var only = table is null ? "" : $"AND c.relname = '{table}'";
        return new SchemaCatalog(
            await Sql.RowsAsync(connectionString, $"""
                SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                       CASE WHEN a.attnotnull THEN 'NOT NULL' ELSE 'NULL' END, pg_get_expr(d.adbin, d.adrelid)
                FROM pg_attribute a
                JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                WHERE a.attnum > 0 AND NOT a.attisdropped {only}
                ORDER BY c.relname, a.attnum
                """),
            await Sql.RowsAsync(connectionString, $"""
                SELECT indexname, indexdef FROM pg_indexes c
                WHERE schemaname = 'public' {only.Replace("c.relname", "c.tablename", StringComparison.Ordinal)}
                ORDER BY indexname
                """),
            await Sql.RowsAsync(connectionString, $"""
                SELECT c.relname, k.conname, k.contype, pg_get_constraintdef(k.oid)
                FROM pg_constraint k
                JOIN pg_class c ON c.oid = k.conrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                WHERE true {only}
                ORDER BY c.relname, k.conname
                """),
            await Sql.RowsAsync(connectionString, $"""
                SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid)
                FROM pg_trigger t
                JOIN pg_class c ON c.oid = t.tgrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                WHERE NOT t.tgisinternal {only}
                ORDER BY c.relname, t.tgname
                """),
            table is not null ? [] : await Sql.RowsAsync(connectionString, """
                SELECT p.proname, pg_get_function_identity_arguments(p.oid)
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace AND n.nspname = 'public'
                ORDER BY p.proname
                """));
    }

    public List<string> Tables => [.. Columns.Select(TableOf).Distinct()];

    /// <summary>The part of the catalog about the given tables (functions are kept whole).</summary>
    public SchemaCatalog Only(IReadOnlySet<string> tables) => new(
        [.. Columns.Where(c => tables.Contains(TableOf(c)))],
        [.. Indexes.Where(i => tables.Contains(IndexTable(i)))],
        [.. Constraints.Where(c => tables.Contains(TableOf(c)))],
        [.. Triggers.Where(t => tables.Contains(TableOf(t)))],
        Functions);

    private static string TableOf(string line) => line.Split(" | ")[0];

    /// <summary>"name | CREATE INDEX name ON public.table USING ..." -> "table".</summary>
    private static string IndexTable(string line) =>
        line.Split(" ON ", 2)[1].Split(' ', 2)[0].Replace("public.", "", StringComparison.Ordinal);

    /// <summary>Asserts line by line, so a failure names the column or index that differs.</summary>
    public static void AssertSame(SchemaCatalog expected, SchemaCatalog actual)
    {
        Assert.Equal(expected.Columns, actual.Columns);
        Assert.Equal(expected.Indexes, actual.Indexes);
        Assert.Equal(expected.Constraints, actual.Constraints);
        Assert.Equal(expected.Triggers, actual.Triggers);
        Assert.Equal(expected.Functions, actual.Functions);
    }
}
