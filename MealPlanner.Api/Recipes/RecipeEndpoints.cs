using MealPlanner.Api.Caching;
using MealPlanner.Api.OpenApi;
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
        var recipes = routes.MapGroup("/api/recipes").WithTags("Recipes").AnswersWhileDatabaseDown();
        recipes.MapGet("/", ListAsync).WithName("ListRecipes")
            .WithSummary("List recipes, newest first")
            .WithDescription("One page of recipe cards, newest first, optionally filtered by tag and title text. " +
                "Page on with the `nextCursor` of the previous page until it is null. Served from a cache (pages live 2 minutes, " +
                "and any recipe change retires them).");
        recipes.MapGet("/{id}", GetAsync).WithName("GetRecipe")
            .WithSummary("Read a recipe")
            .WithDescription("One recipe with its ingredients in order and its nutrition per serving.")
            .Answers(StatusCodes.Status404NotFound, "No recipe has this id.");
        return routes;
    }

    /// <summary>Newest first, a page at a time; the parameters arrive validated (<see cref="RecipeListParameters"/>), the
    /// 400 for invalid ones comes from validation, before this runs.</summary>
    private static async Task<Results<CachedJson<RecipePage>, ValidationProblem>> ListAsync(
        [AsParameters] RecipeListParameters parameters,
        RecipeReader reader, RecipeCache cache, HttpContext context, CancellationToken ct)
    {
        var query = parameters.ToQuery();
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
