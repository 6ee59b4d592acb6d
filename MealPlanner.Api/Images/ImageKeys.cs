using System.Diagnostics.CodeAnalysis;

namespace MealPlanner.Api.Images;

/// <summary>The bucket's key layout from the spec: uploads land in <c>temp/</c> (a lifecycle rule deletes them after
/// 24 h), and move to <c>recipes/{id}/</c> or <c>users/{id}/</c> once attached.</summary>
public static class ImageKeys
{
    public const string TempPrefix = "temp/";

    public static string NewTemp() => $"{TempPrefix}{Guid.NewGuid():N}";

    public static string ForRecipe(Guid recipeId, ImageType type) => $"recipes/{recipeId}/{Guid.NewGuid():N}{type.Extension}";

    public static string ForUser(Guid userId, ImageType type) => $"users/{userId}/{Guid.NewGuid():N}{type.Extension}";

    /// <summary>Only keys this API handed out are accepted back: <c>temp/</c> and 32 hex digits, nothing else.</summary>
    public static bool TryParseTemp(string? key, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (key is null || !key.StartsWith(TempPrefix, StringComparison.Ordinal) ||
            !Guid.TryParseExact(key.AsSpan(TempPrefix.Length), "N", out var id))
        {
            return false;
        }

        normalized = $"{TempPrefix}{id:N}";
        return normalized == key;
    }
}
