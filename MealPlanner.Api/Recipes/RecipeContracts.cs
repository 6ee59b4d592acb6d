namespace MealPlanner.Api.Recipes;

/// <summary>A recipe in a list: enough to show a card.</summary>
public sealed record RecipeSummary(
    Guid Id,
    string Title,
    string? Description,
    int Servings,
    int PrepMinutes,
    int CookMinutes,
    int? CaloriesPerServing,
    IReadOnlyList<string> Tags,
    string? ImageUrl);

/// <summary>One ingredient line, in the author's order.</summary>
public sealed record RecipeIngredientLine(string Name, decimal Quantity, string Unit, string? Note);

/// <summary>Nutrition of one serving; null where unknown.</summary>
public sealed record Nutrition(int? Calories, decimal? ProteinGrams, decimal? CarbohydrateGrams, decimal? FatGrams);

/// <summary>A recipe with everything needed to cook it.</summary>
public sealed record RecipeDetail(
    Guid Id,
    string Title,
    string? Description,
    string Instructions,
    int Servings,
    int PrepMinutes,
    int CookMinutes,
    Nutrition PerServing,
    IReadOnlyList<string> Tags,
    string? ImageUrl,
    IReadOnlyList<RecipeIngredientLine> Ingredients,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>One page of a listing; <c>nextCursor</c> is null on the last page.</summary>
public sealed record RecipePage(IReadOnlyList<RecipeSummary> Items, string? NextCursor);
