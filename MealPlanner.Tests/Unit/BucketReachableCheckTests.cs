using Amazon.Runtime;
using MealPlanner.Api.Images;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MealPlanner.Tests.Unit;

/// <summary>The storage readiness check, with an S3 client factory that fails the way the SDK does when it finds no
/// credentials (a stand-in: no AWS account exists here). /health must report it, not answer 500.</summary>
public sealed class BucketReachableCheckTests
{
    [Fact]
    public async Task No_credentials_is_a_failed_check_naming_the_bucket_not_an_exception()
    {
        var check = new BucketReachableCheck(
            () => throw new AmazonClientException("Failed to resolve AWS credentials."),
            new StorageSettings { BucketName = "images" });
        var context = new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("storage", check, HealthStatus.Degraded, tags: null),
        };

        var result = await check.CheckHealthAsync(context);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("images", result.Description);
        Assert.IsType<AmazonClientException>(result.Exception);
    }

    [Fact]
    public async Task A_missing_bucket_name_is_reported_without_calling_s3()
    {
        var check = new BucketReachableCheck(
            () => throw new InvalidOperationException("must not be called"),
            new StorageSettings());
        var context = new HealthCheckContext
        {
            Registration = new HealthCheckRegistration("storage", check, HealthStatus.Degraded, tags: null),
        };

        var result = await check.CheckHealthAsync(context);

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("Storage:BucketName", result.Description);
    }
}
