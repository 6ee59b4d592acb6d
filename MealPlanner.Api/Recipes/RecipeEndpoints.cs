using MealPlanner.Api.Caching;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MealPlanner.Api.Recipes;

/// <summary><c>/api/recipes</c>: read-only in this epic; every read goes through the two-level cache (memory, then
/// Redis), which holds each response's JSON.</summary>
public static class RecipeEndpoints
{
    public static IHostApplicationBuilder AddRecipes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RecipeReader>();
        builder.Services.AddSingleton<RecipeCache>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRecipes(this IEndpointRouteBuilder routes)
    {
        var recipes = routes.MapGroup("/api/recipes").WithTags("Recipes");
        recipes.MapGet("/", ListAsync).WithName("ListRecipes");
        recipes.MapGet("/{id}", GetAsync).WithName("GetRecipe");
        return routes;
    }

    /// <summary>Newest first, <paramref name="limit"/> at a time (1-100, default 20); <paramref name="cursor"/> is the
    /// previous page's <c>nextCursor</c>; <paramref name="tag"/> filters exactly, <paramref name="q"/> searches titles.</summary>
    private static async Task<Results<CachedJson<RecipePage>, ValidationProblem>> ListAsync(
        int? limit, string? tag, string? q, string? cursor,
        RecipeReader reader, RecipeCache cache, HttpContext context, CancellationToken ct)
    {
        if (!RecipeQuery.TryCreate(limit, tag, q, cursor, out var query, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (page, outcome) = CacheHeader.WantsBypass(context)
            ? (cache.Serialize(await reader.ListAsync(query, ct)), CacheHeader.Bypassed(context, RecipeCache.Name))
            : await cache.PageAsync(query, async token => await reader.ListAsync(query, token), ct);
        CacheHeader.Write(context, outcome);
        return new CachedJson<RecipePage>(page!);
    }

    private static async Task<Results<CachedJson<RecipeDetail>, ProblemHttpResult>> GetAsync(
        Guid id, RecipeReader reader, RecipeCache cache, HttpContext context, CancellationToken ct)
    {
        var (recipe, outcome) = CacheHeader.WantsBypass(context)
            ? (cache.Serialize(await reader.FindAsync(id, ct)), CacheHeader.Bypassed(context, RecipeCache.Name))
            : await cache.DetailAsync(id, token => reader.FindAsync(id, token), ct);
        CacheHeader.Write(context, outcome);
        return recipe is null ? RecipeNotFound(id) : new CachedJson<RecipeDetail>(recipe);
    }

    public static ProblemHttpResult RecipeNotFound(Guid id) =>
        TypedResults.Problem(title: "Recipe not found", detail: $"No recipe has the id {id}.", statusCode: StatusCodes.Status404NotFound);
}
