using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace MealPlanner.Api.Recipes;

/// <summary>Where a page ended, in the listing's order (newest first, then id): keyset paging stays correct and
/// cheap however deep a client pages, unlike OFFSET. Opaque to clients (base64url), and validated on the way in.</summary>
public readonly record struct RecipeCursor(DateTimeOffset CreatedAt, Guid Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{CreatedAt.UtcTicks}_{Id:N}")));

    public static bool TryDecode(string text, out RecipeCursor cursor)
    {
        cursor = default;
        if (text.Length is 0 or > 100)
        {
            return false;
        }

        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('_');
            if (parts.Length == 2 &&
                long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) &&
                ticks is >= 0 and <= 3155378975999999999 &&
                Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new RecipeCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}
