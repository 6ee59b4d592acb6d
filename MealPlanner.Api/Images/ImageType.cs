namespace MealPlanner.Api.Images;

/// <summary>The image formats the API accepts, and how to recognise each by its first bytes: a declared content type
/// is only a claim, the magic bytes are what the file really is.</summary>
public sealed record ImageType(string ContentType, string Extension)
{
    public static readonly ImageType Jpeg = new("image/jpeg", ".jpg");
    public static readonly ImageType Png = new("image/png", ".png");
    public static readonly ImageType WebP = new("image/webp", ".webp");

    public static IReadOnlyList<ImageType> All { get; } = [Jpeg, Png, WebP];

    /// <summary>Enough bytes to tell the formats apart (WebP needs 12).</summary>
    public const int SniffLength = 12;

    public static ImageType? FromContentType(string? contentType) =>
        All.FirstOrDefault(t => string.Equals(t.ContentType, contentType?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static ImageType? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }

        // RIFF <size:4> WEBP
        return head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8) ? WebP : null;
    }
}
