using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace MealPlanner.Api.Images;

/// <summary>What the API does in the images bucket: hand out upload URLs, look at an upload, and move it into place.
/// Image bytes never pass through the API: browsers PUT them straight to S3 with a presigned URL.</summary>
public sealed class ImageStore
{
    private readonly Lazy<IAmazonS3> _client;
    private readonly ImageStorageConfiguration _storage;
    private readonly StorageSettings _settings;
    private readonly TimeProvider _time;

    /// <summary>The client is created on first use: the image endpoints answer 503 before that when the store is not
    /// configured, and nothing else may fail for it.</summary>
    public ImageStore(Lazy<IAmazonS3> s3, ImageStorageConfiguration storage, IOptions<StorageSettings> options, TimeProvider time)
    {
        _client = s3;
        _storage = storage;
        _settings = options.Value;
        _time = time;
    }

    private IAmazonS3 S3 => _client.Value;

    private string Bucket => _storage.Connection?.Bucket
        ?? throw new InvalidOperationException(_storage.Problem);

    public sealed record Upload(string Key, string Url, DateTimeOffset ExpiresAt);

    /// <summary>What is stored under a key: its size, the content type it was uploaded with, and its first bytes.</summary>
    public sealed record StoredObject(long Size, string? ContentType, byte[] Head);

    /// <summary>A PUT URL for a new <c>temp/</c> key. The content type is signed in, so the upload must declare the
    /// same one; size and real type are checked when the upload is attached, since a presigned PUT cannot bound them.</summary>
    public async Task<Upload> CreateUploadAsync(ImageType type)
    {
        var key = ImageKeys.NewTemp();
        var expires = _time.GetUtcNow().AddMinutes(_settings.UploadUrlMinutes);
        var url = await S3.GetPreSignedURLAsync(new GetPreSignedUrlRequest
        {
            BucketName = Bucket,
            Key = key,
            Verb = HttpVerb.PUT,
            ContentType = type.ContentType,
            Expires = expires.UtcDateTime,
            // Locally the emulator speaks plain HTTP; the SDK would otherwise sign an https URL.
            Protocol = S3.Config.ServiceURL?.StartsWith("http://", StringComparison.OrdinalIgnoreCase) == true ? Protocol.HTTP : Protocol.HTTPS,
        });
        return new Upload(key, url, expires);
    }

    /// <summary>Null when nothing is stored under the key.</summary>
    public async Task<StoredObject?> InspectAsync(string key, CancellationToken ct)
    {
        try
        {
            var metadata = await S3.GetObjectMetadataAsync(Bucket, key, ct);
            if (metadata.ContentLength == 0)
            {
                return new StoredObject(0, metadata.Headers.ContentType, []);
            }

            using var head = await S3.GetObjectAsync(new GetObjectRequest
            {
                BucketName = Bucket,
                Key = key,
                ByteRange = new ByteRange(0, ImageType.SniffLength - 1),
            }, ct);
            var buffer = new byte[ImageType.SniffLength];
            var read = await head.ResponseStream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            return new StoredObject(metadata.ContentLength, metadata.Headers.ContentType, buffer[..read]);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Copies the upload to its final key with the verified content type, then deletes the upload. Should the
    /// delete fail, the bucket's lifecycle rule removes <c>temp/</c> objects after 24 h anyway.</summary>
    public async Task MoveAsync(string fromKey, string toKey, ImageType type, CancellationToken ct)
    {
        await S3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = Bucket,
            SourceKey = fromKey,
            DestinationBucket = Bucket,
            DestinationKey = toKey,
            ContentType = type.ContentType,
            MetadataDirective = S3MetadataDirective.REPLACE,
            // CloudFront caches for a week; keys are never reused, so the object may be cached forever.
            Headers = { CacheControl = "public, max-age=31536000, immutable" },
        }, ct);
        await S3.DeleteObjectAsync(Bucket, fromKey, ct);
    }
}
