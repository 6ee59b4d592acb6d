using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace MealPlanner.Api.Images;

/// <summary>
/// <c>ConnectionStrings:storage</c>, an S3-compatible store:
/// <c>Region=us-east-1;Bucket=images;PublicBaseUrl=https://cdn.example.com</c> in AWS (the SDK finds S3 from the
/// region and signs with the task role), plus <c>Endpoint</c>, <c>ForcePathStyle=true</c> and
/// <c>AccessKey</c>/<c>SecretKey</c> for a local emulator. Keywords are case-insensitive.
/// </summary>
public sealed record StorageConnection(
    string Bucket,
    string PublicBaseUrl,
    string? Region,
    string? Endpoint,
    bool ForcePathStyle,
    string? AccessKey,
    string? SecretKey)
{
    public const string Name = "storage";
    public const string ConfigurationKey = $"ConnectionStrings:{Name}";

    public static bool TryParse(string? text, [NotNullWhen(true)] out StorageConnection? connection, out string problem)
    {
        connection = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = $"{ConfigurationKey} is not configured.";
            return false;
        }

        var parts = new DbConnectionStringBuilder();
        try
        {
            parts.ConnectionString = text;
        }
        catch (ArgumentException)
        {
            // The message would quote the text, and with it any key it holds.
            problem = $"{ConfigurationKey} is not a connection string (Keyword=value;...).";
            return false;
        }

        string? Get(string keyword) => parts.TryGetValue(keyword, out var value) && value?.ToString() is { Length: > 0 } s ? s : null;

        var bucket = Get("Bucket");
        var publicBaseUrl = Get("PublicBaseUrl");
        var endpoint = Get("Endpoint");
        var accessKey = Get("AccessKey");
        var secretKey = Get("SecretKey");
        var forcePathStyle = false;
        problem = bucket is null ? "has no Bucket"
            : publicBaseUrl is null || !IsHttpUrl(publicBaseUrl) ? "has no absolute http(s) PublicBaseUrl"
            : endpoint is not null && !IsHttpUrl(endpoint) ? "has an Endpoint that is not an absolute http(s) URL"
            : (accessKey is null) != (secretKey is null) ? "has only one of AccessKey and SecretKey"
            : Get("ForcePathStyle") is { } flag && !bool.TryParse(flag, out forcePathStyle) ? "has a ForcePathStyle that is neither true nor false"
            : "";
        if (problem.Length > 0)
        {
            problem = $"{ConfigurationKey} {problem}.";
            return false;
        }

        connection = new StorageConnection(bucket!, publicBaseUrl!, Get("Region"), endpoint, forcePathStyle, accessKey, secretKey);
        return true;
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

/// <summary>The store as this process found it: the parsed connection, or why there is none (for /health and a 503).</summary>
public sealed record ImageStorageConfiguration(StorageConnection? Connection, string Problem)
{
    public static ImageStorageConfiguration From(string? text) =>
        StorageConnection.TryParse(text, out var connection, out var problem)
            ? new ImageStorageConfiguration(connection, "")
            : new ImageStorageConfiguration(null, problem);
}
