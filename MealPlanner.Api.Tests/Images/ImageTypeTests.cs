using MealPlanner.Api.Images;

namespace MealPlanner.Api.Tests.Images;

/// <summary>An upload is judged by its first bytes, never by the type it claims.</summary>
public class ImageTypeTests
{
    public static TheoryData<string, byte[], string> RealImages => new()
    {
        { "JPEG (JFIF)", [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01], "image/jpeg" },
        { "JPEG (Exif)", [0xFF, 0xD8, 0xFF, 0xE1], "image/jpeg" },
        { "PNG", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], "image/png" },
        { "WebP", [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WEBP"u8], "image/webp" },
    };

    [Theory]
    [MemberData(nameof(RealImages))]
    public void Each_format_is_recognised_by_its_magic_bytes(string name, byte[] head, string contentType) =>
        Assert.True(ImageType.Sniff(head)?.ContentType == contentType, $"{name} was not recognised as {contentType}");

    public static TheoryData<string, byte[]> NotImages => new()
    {
        { "empty", [] },
        { "JPEG cut after two bytes", [0xFF, 0xD8] },
        { "PNG cut after seven bytes", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A] },
        { "PNG with one byte wrong", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0B] },
        { "WebP cut before its form type", [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WEB"u8] },
        { "RIFF of another form (WAVE)", [.. "RIFF"u8, 0x24, 0x00, 0x00, 0x00, .. "WAVE"u8] },
        { "WEBP without RIFF", [.. "RIFX"u8, 0x24, 0x00, 0x00, 0x00, .. "WEBP"u8] },
        { "GIF", [.. "GIF89a"u8, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00] },
        { "text", [.. "<svg xmlns="u8] },
    };

    [Theory]
    [MemberData(nameof(NotImages))]
    public void Truncated_or_wrong_bytes_are_not_an_image(string name, byte[] head) =>
        Assert.True(ImageType.Sniff(head) is null, $"{name} was taken for {ImageType.Sniff(head)?.ContentType}");

    [Theory]
    [InlineData("image/png", "image/png")]
    [InlineData(" IMAGE/JPEG ", "image/jpeg")]
    [InlineData("image/webp", "image/webp")]
    public void A_declared_content_type_is_matched_ignoring_case_and_spaces(string declared, string expected) =>
        Assert.Equal(expected, ImageType.FromContentType(declared)?.ContentType);

    [Theory]
    [InlineData("image/gif")]
    [InlineData("image/svg+xml")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_declared_types_are_not_accepted(string? declared) => Assert.Null(ImageType.FromContentType(declared));
}
