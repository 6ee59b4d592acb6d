using MealPlanner.Api.Recipes;

namespace MealPlanner.Api.Tests.Recipes;

/// <summary>A cache key must tell apart every pair of requests that can answer differently, and be the same for
/// requests that answer the same; and it carries the schema version, so a deploy that changes a response's shape
/// never reads entries of the old shape.</summary>
public class RecipeCacheKeyTests
{
    private static readonly RecipeCursor Cursor = new(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), Guid.Parse("5a3f1c52-0b6e-4f1a-9c3e-000000000001"));

    /// <summary>A query as the listing's parameters (already validated) turn into it.</summary>
    private static RecipeQuery Query(int? limit = null, string? tag = null, string? q = null, string? cursor = null) =>
        new RecipeListParameters { Limit = limit, Tag = tag, Q = q, Cursor = cursor }.ToQuery();

    /// <summary>A query as validation hands it over (tags lower-case), built directly so that any text can be tried.</summary>
    private static RecipeQuery New(int limit = RecipeQuery.DefaultLimit, string? tag = null, string? q = null, string? cursor = null) =>
        new(limit, tag, q, cursor is null ? null : RecipeCursor.TryDecode(cursor, out var after) ? after : throw new ArgumentException(cursor));

    public static TheoryData<string, RecipeQuery> DistinctQueries => new()
    {
        { "default", New() },
        { "limit 5", New(limit: 5) },
        { "limit 50", New(limit: 50) },
        { "tag vegan", New(tag: "vegan") },
        { "tag vegetarian", New(tag: "vegetarian") },
        { "search soup", New(q: "soup") },
        { "search Soup (search is not folded)", New(q: "Soup") },
        { "tag soup (same text as a search)", New(tag: "soup") },
        { "after a cursor", New(cursor: Cursor.Encode()) },
        { "after another cursor", New(cursor: (Cursor with { Id = Guid.NewGuid() }).Encode()) },
        // Field boundaries must not blur, whatever characters the fields hold.
        { "tag a, search b", New(tag: "a", q: "b") },
        { "search a\\nb", New(q: "a\nb") },
        { "tag a\\nb", New(tag: "a\nb") },
        { "tag a, search b\\n", New(tag: "a", q: "b\n") },
        { "tag a|b", New(tag: "a|b") },
        { "tag a, search 1:b", New(tag: "a", q: "1:b") },
    };

    [Fact]
    public void Distinct_queries_have_distinct_keys()
    {
        var keys = DistinctQueries.Select(row => ((string)row[0], RecipeCache.QueryHash((RecipeQuery)row[1]))).ToList();

        var clashes = keys.GroupBy(k => k.Item2).Where(g => g.Count() > 1).Select(g => string.Join(" = ", g.Select(k => k.Item1))).ToList();
        Assert.True(clashes.Count == 0, "same key for: " + string.Join("; ", clashes));
    }

    [Fact]
    public void Equal_queries_have_equal_keys_also_when_written_differently()
    {
        Assert.Equal(RecipeCache.QueryHash(Query()), RecipeCache.QueryHash(Query(limit: RecipeQuery.DefaultLimit)));
        Assert.Equal(RecipeCache.QueryHash(Query(tag: "vegan")), RecipeCache.QueryHash(Query(tag: "VEGAN"))); // tags are matched lower-case
        Assert.Equal(RecipeCache.QueryHash(Query(cursor: Cursor.Encode())), RecipeCache.QueryHash(Query(cursor: Cursor.Encode())));
    }

    [Fact]
    public void A_key_part_is_bounded_whatever_the_search_text()
    {
        var key = RecipeCache.QueryHash(Query(q: new string('x', RecipeQuery.MaxSearchLength)));

        Assert.Matches("^[0-9a-f]{32}$", key);
    }

    [Fact]
    public void Detail_and_page_keys_carry_the_schema_version_and_tell_recipes_and_generations_apart()
    {
        var id = Guid.Parse("5a3f1c52-0b6e-4f1a-9c3e-000000000001");

        Assert.Equal($"recipes:{RecipeCache.SchemaVersion}:g1:detail:5a3f1c520b6e4f1a9c3e000000000001", RecipeCache.DetailKey("g1", id));
        Assert.NotEqual(RecipeCache.DetailKey("g1", id), RecipeCache.DetailKey("g1", Guid.NewGuid()));
        Assert.NotEqual(RecipeCache.DetailKey("g1", id), RecipeCache.DetailKey("g2", id));
        Assert.StartsWith($"recipes:{RecipeCache.SchemaVersion}:g1:list:", RecipeCache.PageKey("g1", New()));
        Assert.NotEqual(RecipeCache.PageKey("g1", New()), RecipeCache.PageKey("g2", New()));
    }
}
