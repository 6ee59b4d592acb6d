using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using MealPlanner.Api.OpenApi;

namespace MealPlanner.Api.Images;

// Validation rejects a missing type or a size below 1 (400); the endpoint itself answers a type it does not take (415)
// and a size over StorageSettings.MaxImageBytes (413), which depends on configuration.

/// <summary>The image a client is about to upload.</summary>
public sealed record UploadRequest(
    [property: Required(ErrorMessage = "contentType is required.")]
    [property: DocumentedValues("image/jpeg", "image/png", "image/webp")]
    [property: Description("The image's media type; the upload must send the same `Content-Type`. Another type is a 415.")]
    string ContentType,
    [property: Range(typeof(long), "1", "9223372036854775807", ErrorMessage = "size must be positive.")]
    [property: Description("The image's size in bytes; over the ticket's `maxBytes` (5 MiB by default) is a 413.")]
    long Size);

/// <summary>Where and how to upload one image.</summary>
public sealed record UploadTicket(
    [property: Description("The key to attach once uploaded: `temp/` and 32 hex digits.")] string Key,
    [property: Description("Where to PUT the bytes: a presigned S3 URL, valid until `expiresAt`.")] string UploadUrl,
    [property: Description("Always `PUT`.")] string Method,
    [property: Description("Headers the PUT must send (its `Content-Type`).")] IReadOnlyDictionary<string, string> Headers,
    [property: Description("The largest image the attach step accepts, in bytes.")] long MaxBytes,
    [property: Description("When the upload URL stops working.")] DateTimeOffset ExpiresAt);

/// <summary>An uploaded image to attach to a recipe.</summary>
public sealed record AttachRequest(
    [property: Required(ErrorMessage = "key is required.")]
    [property: RegularExpression(AttachRequest.KeyPattern, ErrorMessage = "key must be a temp/ key returned by POST /api/images/uploads.")]
    [property: Description("The `key` of an upload ticket, after the image was PUT to its URL.")]
    string Key)
{
    /// <summary>What <see cref="ImageKeys.NewTemp"/> makes: the only keys <see cref="ImageKeys.TryParseTemp"/> accepts.</summary>
    public const string KeyPattern = "^temp/[0-9a-f]{32}$";
}

/// <summary>An image now attached to a recipe.</summary>
public sealed record AttachedImage(
    [property: Description("The image's permanent key, under `recipes/{id}/`.")] string Key,
    [property: Description("Where clients load the image (the CDN in AWS).")] string Url,
    [property: Description("The image's real media type, checked by its first bytes.")] string ContentType,
    [property: Description("Size in bytes.")] long Size);
