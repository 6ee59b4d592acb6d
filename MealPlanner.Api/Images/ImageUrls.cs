using Microsoft.Extensions.Options;

namespace MealPlanner.Api.Images;

/// <summary>Turns an object key into the URL clients fetch it from. The database stores keys only, because the CDN
/// host differs per environment.</summary>
public sealed class ImageUrls(IOptions<StorageSettings> settings)
{
    private readonly string _base = settings.Value.PublicBaseUrl.TrimEnd('/');

    public string? PublicUrl(string? key) => key is null ? null : $"{_base}/{key}";
}
