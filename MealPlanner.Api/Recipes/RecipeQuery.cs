using System.Security.Cryptography;
using System.Text;

namespace MealPlanner.Api.Recipes;

/// <summary>A validated listing request: bounded page size, optional tag and title search, optional cursor.</summary>
public sealed record RecipeQuery(int Limit, string? Tag, string? Search, RecipeCursor? After)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MaxSearchLength = 100;
    public const int MaxTagLength = 50;

    /// <summary>Checks the raw query string values; returns the errors by parameter, as a validation problem wants them.</summary>
    public static bool TryCreate(int? limit, string? tag, string? search, string? cursor,
        out RecipeQuery query, out Dictionary<string, string[]> errors)
    {
        errors = [];
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"limit must be between 1 and {MaxLimit}."];
        }

        if (tag is { Length: 0 or > MaxTagLength })
        {
            errors["tag"] = [$"tag must be 1 to {MaxTagLength} characters."];
        }

        if (search is { Length: 0 or > MaxSearchLength })
        {
            errors["q"] = [$"q must be 1 to {MaxSearchLength} characters."];
        }

        RecipeCursor? after = null;
        if (cursor is not null)
        {
            if (RecipeCursor.TryDecode(cursor, out var decoded))
            {
                after = decoded;
            }
            else
            {
                errors["cursor"] = ["cursor is not one this API returned."];
            }
        }

        query = new RecipeQuery(limit ?? DefaultLimit, tag?.ToLowerInvariant(), search, after);
        return errors.Count == 0;
    }

    /// <summary>A bounded, collision-resistant cache key part: raw search text could be long or contain anything.</summary>
    public string CacheKey()
    {
        var text = $"{Limit}\n{Tag}\n{Search}\n{After?.Encode()}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
    }
}
