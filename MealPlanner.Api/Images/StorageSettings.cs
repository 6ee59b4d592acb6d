namespace MealPlanner.Api.Images;

/// <summary>Settings under <c>Storage</c>. Locally the AppHost points them at the S3 emulator; in AWS at the images
/// bucket and its CloudFront distribution. Credentials and endpoint follow the AWS SDK's own conventions
/// (<c>AWS:*</c>, <c>AWS_ACCESS_KEY_ID</c>, the task role), so no secret lives here.</summary>
public sealed class StorageSettings
{
    public const string Section = "Storage";

    public string BucketName { get; set; } = "";

    /// <summary>Where clients fetch objects: the CDN in AWS, the emulator's bucket URL locally. No trailing slash needed.</summary>
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Path-style addressing (<c>host/bucket/key</c>), which emulators need; real S3 uses virtual hosts.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>Largest image accepted, in bytes.</summary>
    public long MaxImageBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>How long a presigned upload URL stays valid.</summary>
    public int UploadUrlMinutes { get; set; } = 15;
}
