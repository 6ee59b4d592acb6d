using Amazon.S3;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MealPlanner.Api.Images;

/// <summary>The S3 client, configured by the AWS SDK's conventions: <c>AWS:Region</c>/<c>AWS:ServiceURL</c> from
/// configuration, credentials from the environment locally and from the task role in AWS.</summary>
public static class StorageRegistration
{
    public const string StorageCheck = "storage";

    public static IHostApplicationBuilder AddImageStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageSettings>()
            .Bind(builder.Configuration.GetSection(StorageSettings.Section))
            .Validate(s => s.MaxImageBytes > 0 && s.UploadUrlMinutes is > 0 and <= 60, "Storage limits are out of range.");
        var forcePathStyle = builder.Configuration.GetValue<bool>($"{StorageSettings.Section}:ForcePathStyle");
        builder.Services.AddDefaultAWSOptions(builder.Configuration.GetAWSOptions());
        builder.Services.AddAWSService<IAmazonS3>((config, _) => ((AmazonS3Config)config).ForcePathStyle = forcePathStyle);
        builder.Services.AddSingleton<ImageUrls>();
        builder.Services.AddSingleton<ImageStore>();

        // Degraded, not Unhealthy: without the image store the API still serves recipes and sessions, so the load
        // balancer must keep sending traffic; /health still names it.
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            StorageCheck,
            sp => new BucketReachableCheck(sp.GetRequiredService<IAmazonS3>, sp.GetRequiredService<IOptions<StorageSettings>>().Value),
            HealthStatus.Degraded,
            tags: null,
            timeout: TimeSpan.FromSeconds(2)));
        return builder;
    }
}

/// <summary>Ready when a HEAD on the bucket answers: cheap (no body, no listing), and bounded by the check's timeout.
/// The client is resolved inside the check: creating it fails when no credentials can be found, and that must be a
/// failed check, not a 500 from /health.</summary>
internal sealed class BucketReachableCheck(Func<IAmazonS3> s3, StorageSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(settings.BucketName))
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Storage:BucketName is not configured.");
        }

        try
        {
            await s3().HeadBucketAsync(new Amazon.S3.Model.HeadBucketRequest { BucketName = settings.BucketName }, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is AmazonS3Exception or Amazon.Runtime.AmazonClientException or HttpRequestException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Bucket {settings.BucketName} does not answer.", ex);
        }
    }
}
