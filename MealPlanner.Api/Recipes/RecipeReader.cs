using MealPlanner.Api.Images;
using MealPlanner.Data;
using Microsoft.EntityFrameworkCore;

namespace MealPlanner.Api.Recipes;

/// <summary>Reads recipes from PostgreSQL, straight into the response shapes (no tracking, no entity round trip).
/// The database context is taken from the request's services on first use only: a read answered from the cache
/// then rents no context from the pool (and returns none).</summary>
public sealed class RecipeReader(IServiceProvider services, ImageUrls images)
{
    private MealPlannerDbContext? _db;

    private MealPlannerDbContext Db => _db ??= services.GetRequiredService<MealPlannerDbContext>();

    public async Task<RecipeDetail?> FindAsync(Guid id, CancellationToken ct)
    {
        var recipe = await Db.Recipes.AsNoTracking()
            .Where(r => r.Id == id && r.DeletedAt == null)
            .Select(r => new
            {
                r.Id,
                r.Title,
                r.Description,
                r.Instructions,
                r.Servings,
                r.PrepMinutes,
                r.CookMinutes,
                r.CaloriesPerServing,
                r.ProteinGramsPerServing,
                r.CarbohydrateGramsPerServing,
                r.FatGramsPerServing,
                r.Tags,
                r.ImageKey,
                r.CreatedAt,
                r.UpdatedAt,
                Ingredients = r.Ingredients.OrderBy(l => l.Position)
                    .Select(l => new RecipeIngredientLine(l.Ingredient!.Name, l.Quantity, l.Unit, l.Note))
                    .ToList(),
            })
            .AsSplitQuery()
            .SingleOrDefaultAsync(ct);

        return recipe is null ? null : new RecipeDetail(
            recipe.Id, recipe.Title, recipe.Description, recipe.Instructions, recipe.Servings, recipe.PrepMinutes,
            recipe.CookMinutes,
            new Nutrition(recipe.CaloriesPerServing, recipe.ProteinGramsPerServing, recipe.CarbohydrateGramsPerServing, recipe.FatGramsPerServing),
            recipe.Tags, images.PublicUrl(recipe.ImageKey), recipe.Ingredients, recipe.CreatedAt, recipe.UpdatedAt);
    }

    public async Task<RecipePage> ListAsync(RecipeQuery query, CancellationToken ct)
    {
        var recipes = Db.Recipes.AsNoTracking().Where(r => r.DeletedAt == null);
        if (query.Tag is { } tag)
        {
            recipes = recipes.Where(r => r.Tags.Contains(tag));
        }

        if (query.Search is { } search)
        {
            recipes = recipes.Where(r => EF.Functions.ILike(r.Title, "%" + EscapeLike(search) + "%", @"\"));
        }

        if (query.After is { } after)
        {
            recipes = recipes.Where(r => EF.Functions.LessThan(
                ValueTuple.Create(r.CreatedAt, r.Id), ValueTuple.Create(after.CreatedAt, after.Id)));
        }

        // One row more than asked tells whether another page exists without a COUNT.
        var rows = await recipes
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Take(query.Limit + 1)
            .Select(r => new
            {
                r.Id,
                r.Title,
                r.Description,
                r.Servings,
                r.PrepMinutes,
                r.CookMinutes,
                r.CaloriesPerServing,
                r.Tags,
                r.ImageKey,
                r.CreatedAt,
            })
            .ToListAsync(ct);

        var page = rows.Take(query.Limit)
            .Select(r => new RecipeSummary(r.Id, r.Title, r.Description, r.Servings, r.PrepMinutes, r.CookMinutes,
                r.CaloriesPerServing, r.Tags, images.PublicUrl(r.ImageKey)))
            .ToList();
        var next = rows.Count > query.Limit ? new RecipeCursor(rows[query.Limit - 1].CreatedAt, rows[query.Limit - 1].Id).Encode() : null;
        return new RecipePage(page, next);
    }

    public async Task<bool> ExistsAsync(Guid id, CancellationToken ct) =>
        await Db.Recipes.AnyAsync(r => r.Id == id && r.DeletedAt == null, ct);

    public async Task<bool> SetImageAsync(Guid id, string imageKey, CancellationToken ct) =>
        await Db.Recipes.Where(r => r.Id == id && r.DeletedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ImageKey, imageKey), ct) == 1;

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);
}
