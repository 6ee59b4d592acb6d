namespace MealPlanner.Api.Images;

/// <summary>Limits under <c>Storage</c>. Where the images live (bucket, endpoint, public URL) is the
/// <see cref="StorageConnection"/>'s, and no secret lives here.</summary>
public sealed class StorageSettings
{
    public const string Section = "Storage";

    /// <summary>Largest image accepted, in bytes.</summary>
    public long MaxImageBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>How long a presigned upload URL stays valid.</summary>
    public int UploadUrlMinutes { get; set; } = 15;
}
