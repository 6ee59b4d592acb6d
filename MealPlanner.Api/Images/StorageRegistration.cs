using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MealPlanner.Api.Images;

/// <summary>The image store from <c>ConnectionStrings:storage</c> (see <see cref="StorageConnection"/>). A missing
/// or invalid connection string does not stop the API: /health reports it and the image endpoints answer 503.</summary>
public static class StorageRegistration
{
    public const string StorageCheck = "storage";

    public static IHostApplicationBuilder AddImageStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageSettings>()
            .Bind(builder.Configuration.GetSection(StorageSettings.Section))
            .Validate(s => s.MaxImageBytes > 0 && s.UploadUrlMinutes is > 0 and <= 60, "Storage limits are out of range.");
        var storage = ImageStorageConfiguration.From(builder.Configuration.GetConnectionString(StorageConnection.Name));
        builder.Services.AddSingleton(storage);
        builder.Services.AddSingleton<IAmazonS3>(_ => CreateClient(
            storage.Connection ?? throw new InvalidOperationException(storage.Problem)));
        builder.Services.AddSingleton<ImageUrls>();
        builder.Services.AddExceptionHandler<StorageUnavailable>();
        builder.Services.AddSingleton(sp => new ImageStore(
            new Lazy<IAmazonS3>(sp.GetRequiredService<IAmazonS3>), storage, sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageSettings>>(),
            sp.GetRequiredService<TimeProvider>()));

        // Degraded, not Unhealthy: without the image store the API still serves recipes and sessions, so the load
        // balancer must keep sending traffic; /health still names it.
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            StorageCheck,
            sp => new BucketReachableCheck(sp.GetRequiredService<IAmazonS3>, storage),
            HealthStatus.Degraded,
            tags: null,
            timeout: TimeSpan.FromSeconds(2)));
        return builder;
    }

    /// <summary>An emulator gets its endpoint, path-style URLs and fixed keys; S3 gets the region alone, and the
    /// SDK's default credential chain (the task role in AWS).</summary>
    public static AmazonS3Client CreateClient(StorageConnection connection)
    {
        // Bounded like the API's other dependencies: an unreachable store answers 503 within seconds, not after the
        // SDK's 100 s time-out and its retries.
        var config = new AmazonS3Config { ForcePathStyle = connection.ForcePathStyle, Timeout = TimeSpan.FromSeconds(5), MaxErrorRetry = 1 };
        if (connection.Endpoint is not null)
        {
            config.ServiceURL = connection.Endpoint;
            if (connection.Region is not null)
            {
                config.AuthenticationRegion = connection.Region;
            }
        }
        else if (connection.Region is not null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(connection.Region);
        }

        var client = connection is { AccessKey: { } accessKey, SecretKey: { } secretKey }
            ? new AmazonS3Client(new BasicAWSCredentials(accessKey, secretKey), config)
            : new AmazonS3Client(config);
        if (connection.ForcePathStyle)
        {
            client.BeforeRequestEvent += S3EmulatorCompatibility.DecodeCopySource;
        }

        return client;
    }
}

/// <summary>Ready when a HEAD on the bucket answers: cheap (no body, no listing), and bounded by the check's timeout.
/// The client is resolved inside the check: creating it fails when the store is not configured or no credentials can
/// be found, and that must be a failed check, not a 500 from /health.</summary>
internal sealed class BucketReachableCheck(Func<IAmazonS3> s3, ImageStorageConfiguration storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (storage.Connection is not { } connection)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, storage.Problem);
        }

        try
        {
            await s3().HeadBucketAsync(new Amazon.S3.Model.HeadBucketRequest { BucketName = connection.Bucket }, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is AmazonS3Exception or AmazonClientException or HttpRequestException or OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Bucket {connection.Bucket} does not answer.", ex);
        }
    }
}
