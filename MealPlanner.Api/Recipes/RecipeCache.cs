using System.Text;
using MealPlanner.Api.Caching;

namespace MealPlanner.Api.Recipes;

/// <summary>The recipe cache's keys and lifetimes. Keys carry a schema version (<c>v1</c>): a deploy that changes a
/// response shape bumps it and never reads the old entries. Listing keys also carry a generation that any recipe
/// change replaces, which retires every cached page at once without scanning keys.</summary>
public sealed class RecipeCache(CacheAside cache)
{
    public const string Name = "recipes";
    private const string Prefix = "recipes:v1:";
    private const string GenerationKey = Prefix + "generation";
    public static readonly TimeSpan DetailTtl = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan ListTtl = TimeSpan.FromMinutes(2);

    public static string DetailKey(Guid id) => $"{Prefix}detail:{id:N}";

    public Task<(RecipeDetail? Value, CacheOutcome Outcome)> DetailAsync(
        Guid id, Func<CancellationToken, Task<RecipeDetail?>> load, CancellationToken ct) =>
        cache.GetOrLoadAsync(Name, DetailKey(id), DetailTtl, load, ct);

    public async Task<(RecipePage? Value, CacheOutcome Outcome)> PageAsync(
        RecipeQuery query, Func<CancellationToken, Task<RecipePage?>> load, CancellationToken ct)
    {
        var generation = await cache.TryGetStringAsync(GenerationKey, ct) ?? "0";
        return await cache.GetOrLoadAsync(Name, $"{Prefix}list:{generation}:{query.CacheKey()}", ListTtl, load, ct);
    }

    /// <summary>After a recipe changed: its detail entry goes, and every listing page with it.</summary>
    public async Task InvalidateAsync(Guid id, CancellationToken ct)
    {
        await cache.TryRemoveAsync(DetailKey(id), ct);
        await cache.TrySetAsync(GenerationKey, Encoding.UTF8.GetBytes(Guid.NewGuid().ToString("N")), TimeSpan.FromDays(1), ct);
    }
}
