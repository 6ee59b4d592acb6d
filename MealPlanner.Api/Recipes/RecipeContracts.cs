using System.ComponentModel;

namespace MealPlanner.Api.Recipes;

/// <summary>A recipe in a list: enough to show a card.</summary>
public sealed record RecipeSummary(
    [property: Description("The recipe's id.")] Guid Id,
    [property: Description("The recipe's name.")] string Title,
    [property: Description("A sentence or two about the dish, if the author wrote one.")] string? Description,
    [property: Description("How many servings the quantities make.")] int Servings,
    [property: Description("Preparation time in minutes.")] int PrepMinutes,
    [property: Description("Cooking time in minutes.")] int CookMinutes,
    [property: Description("Calories per serving, if known.")] int? CaloriesPerServing,
    [property: Description("Tags, lower case (e.g. `vegetarian`).")] IReadOnlyList<string> Tags,
    [property: Description("Where the recipe's image loads from, if it has one.")] string? ImageUrl);

/// <summary>One ingredient line, in the author's order.</summary>
public sealed record RecipeIngredientLine(
    [property: Description("The ingredient.")] string Name,
    [property: Description("How much, in `unit`.")] decimal Quantity,
    [property: Description("The unit of `quantity` (e.g. `g`, `ml`, `piece`).")] string Unit,
    [property: Description("A note such as `finely chopped`, if any.")] string? Note);

/// <summary>Nutrition of one serving; null where unknown.</summary>
public sealed record Nutrition(
    [property: Description("Kilocalories.")] int? Calories,
    [property: Description("Protein in grams.")] decimal? ProteinGrams,
    [property: Description("Carbohydrate in grams.")] decimal? CarbohydrateGrams,
    [property: Description("Fat in grams.")] decimal? FatGrams);

/// <summary>A recipe with everything needed to cook it.</summary>
public sealed record RecipeDetail(
    [property: Description("The recipe's id.")] Guid Id,
    [property: Description("The recipe's name.")] string Title,
    [property: Description("A sentence or two about the dish, if the author wrote one.")] string? Description,
    [property: Description("The method, as text (may contain line breaks).")] string Instructions,
    [property: Description("How many servings the quantities make.")] int Servings,
    [property: Description("Preparation time in minutes.")] int PrepMinutes,
    [property: Description("Cooking time in minutes.")] int CookMinutes,
    [property: Description("Nutrition of one serving.")] Nutrition PerServing,
    [property: Description("Tags, lower case (e.g. `vegetarian`).")] IReadOnlyList<string> Tags,
    [property: Description("Where the recipe's image loads from, if it has one.")] string? ImageUrl,
    [property: Description("The ingredients, in the author's order.")] IReadOnlyList<RecipeIngredientLine> Ingredients,
    [property: Description("When the recipe was created.")] DateTimeOffset CreatedAt,
    [property: Description("When the recipe last changed.")] DateTimeOffset UpdatedAt);

/// <summary>One page of a listing; <c>nextCursor</c> is null on the last page.</summary>
public sealed record RecipePage(
    [property: Description("The recipes on this page, newest first.")] IReadOnlyList<RecipeSummary> Items,
    [property: Description("Pass as `cursor` to read the next page; null on the last page.")] string? NextCursor);
