using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace MealPlanner.Api.Recipes;

/// <summary>A validated listing request: bounded page size, optional tag and title search, optional cursor.</summary>
public sealed record RecipeQuery(int Limit, string? Tag, string? Search, RecipeCursor? After)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxSearchLength = 100;
    public const int MaxTagLength = 50;
}

/// <summary>The listing's query string as sent. Its attributes are the one statement of the rules: validation applies
/// them before the handler runs (a 400 naming each parameter), and the OpenAPI document declares them.</summary>
public sealed record RecipeListParameters
{
    /// <summary>Above the longest cursor <see cref="RecipeCursor.Encode"/> makes (70 characters), as its decoder allows.</summary>
    public const int MaxCursorLength = 100;

    /// <summary>Base64url without padding, as <see cref="RecipeCursor.Encode"/> writes it.</summary>
    public const string CursorPattern = "^[A-Za-z0-9_-]+$";

    [FromQuery(Name = "limit")]
    [Range(1, RecipeQuery.MaxLimit, ErrorMessage = "limit must be between 1 and 100.")]
    [DefaultValue(RecipeQuery.DefaultLimit)]
    [Description("How many recipes a page holds, 1 to 100 (default 20).")]
    public int? Limit { get; init; }

    [FromQuery(Name = "tag")]
    [StringLength(RecipeQuery.MaxTagLength, MinimumLength = 1, ErrorMessage = "tag must be 1 to 50 characters.")]
    [Description("Only recipes with this tag (exact, case-insensitive), e.g. `vegetarian`.")]
    public string? Tag { get; init; }

    [FromQuery(Name = "q")]
    [StringLength(RecipeQuery.MaxSearchLength, MinimumLength = 1, ErrorMessage = "q must be 1 to 100 characters.")]
    [Description("Only recipes whose title contains this text, case-insensitive; `%` and `_` match themselves.")]
    public string? Q { get; init; }

    [FromQuery(Name = "cursor")]
    [StringLength(MaxCursorLength, MinimumLength = 1, ErrorMessage = "cursor is not one this API returned.")]
    [RegularExpression(CursorPattern, ErrorMessage = "cursor is not one this API returned.")]
    [RecipeCursorValue]
    [Description("The previous page's `nextCursor`, to read the next page; opaque. Absent for the first page.")]
    public string? Cursor { get; init; }

    /// <summary>The query these (validated) parameters ask for.</summary>
    public RecipeQuery ToQuery() => new(
        Limit ?? RecipeQuery.DefaultLimit,
        Tag?.ToLowerInvariant(),
        Q,
        Cursor is not null && RecipeCursor.TryDecode(Cursor, out var after) ? after : null);
}

/// <summary>A cursor this API returned: one that decodes to a position, not merely base64url text.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class RecipeCursorValueAttribute : ValidationAttribute
{
    public RecipeCursorValueAttribute() : base("cursor is not one this API returned.")
    {
    }

    public override bool IsValid(object? value) => value is null || value is string text && RecipeCursor.TryDecode(text, out _);
}
