using Amazon.Runtime;
using MealPlanner.Api.Images;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MealPlanner.Tests.Unit;

/// <summary>The storage readiness check, with an S3 client factory that fails the way the SDK does when it finds no
/// credentials (a stand-in: no AWS account exists here). /health must report it, not answer 500.</summary>
public sealed class BucketReachableCheckTests
{
    private static readonly ImageStorageConfiguration Configured =
        ImageStorageConfiguration.From("Region=us-east-1;Bucket=images;PublicBaseUrl=https://cdn.example.com");

    [Fact]
    public async Task No_credentials_is_a_failed_check_naming_the_bucket_not_an_exception()
    {
        var check = new BucketReachableCheck(() => throw new AmazonClientException("Failed to resolve AWS credentials."), Configured);

        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("images", result.Description);
        Assert.IsType<AmazonClientException>(result.Exception);
    }

    [Theory]
    [InlineData(null, "ConnectionStrings:storage is not configured")]
    [InlineData("Endpoint=http://localhost:9090;Region=us-east-1", "ConnectionStrings:storage has no Bucket")]
    public async Task A_missing_or_invalid_connection_string_is_reported_without_calling_s3(string? connectionString, string expected)
    {
        var check = new BucketReachableCheck(
            () => throw new InvalidOperationException("must not be called"), ImageStorageConfiguration.From(connectionString));

        var result = await check.CheckHealthAsync(Context(check));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains(expected, result.Description);
    }

    private static HealthCheckContext Context(IHealthCheck check) => new()
    {
        Registration = new HealthCheckRegistration("storage", check, HealthStatus.Degraded, tags: null),
    };
}
