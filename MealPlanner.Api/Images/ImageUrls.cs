namespace MealPlanner.Api.Images;

/// <summary>Turns an object key into the URL clients fetch it from. The database stores keys only, because the CDN
/// host differs per environment. Without a configured store there is no URL to give.</summary>
public sealed class ImageUrls(ImageStorageConfiguration storage)
{
    private readonly string? _base = storage.Connection?.PublicBaseUrl.TrimEnd('/');

    public string? PublicUrl(string? key) => key is null || _base is null ? null : $"{_base}/{key}";
}
