using System.Reflection;
using Amazon.Runtime;
using MealPlanner.Api.Images;

namespace MealPlanner.Tests.Unit;

/// <summary>ConnectionStrings:storage: what the AppHost hands the API locally, what the deployer hands it in AWS, and
/// the broken ones, which must name the problem without echoing a key.</summary>
public sealed class StorageConnectionTests
{
    [Fact]
    public void The_local_emulators_string_configures_endpoint_path_style_and_fixed_keys()
    {
        Assert.True(StorageConnection.TryParse(
            "Endpoint=http://localhost:9090;Region=us-east-1;Bucket=images;PublicBaseUrl=http://localhost:9090/images;ForcePathStyle=true;AccessKey=s3mock;SecretKey=s3mock",
            out var connection, out _));

        using var client = StorageRegistration.CreateClient(connection);

        Assert.Equal("images", connection.Bucket);
        Assert.Equal("http://localhost:9090/images", connection.PublicBaseUrl);
        Assert.StartsWith("http://localhost:9090", client.Config.ServiceURL);
        Assert.Equal("us-east-1", client.Config.AuthenticationRegion);
        Assert.True(((Amazon.S3.AmazonS3Config)client.Config).ForcePathStyle);
        Assert.IsType<BasicAWSCredentials>(Credentials(client));
    }

    [Fact]
    public void The_deployers_string_has_no_endpoint_and_no_keys_so_the_sdk_uses_the_regions_s3_and_the_task_role()
    {
        Assert.True(StorageConnection.TryParse(
            "Region=eu-west-1;Bucket=meal-planner-images-production;PublicBaseUrl=https://d111111abcdef8.cloudfront.net",
            out var connection, out _));

        using var client = StorageRegistration.CreateClient(connection);

        Assert.Null(client.Config.ServiceURL);
        Assert.Equal("eu-west-1", client.Config.RegionEndpoint?.SystemName);
        Assert.False(((Amazon.S3.AmazonS3Config)client.Config).ForcePathStyle);
        Assert.Null(connection.AccessKey);
        Assert.Null(Credentials(client));
    }

    [Theory]
    [InlineData("", "is not configured")]
    [InlineData("Region=us-east-1;PublicBaseUrl=https://cdn.example.com", "has no Bucket")]
    [InlineData("Bucket=images", "has no absolute http(s) PublicBaseUrl")]
    [InlineData("Bucket=images;PublicBaseUrl=/images", "has no absolute http(s) PublicBaseUrl")]
    [InlineData("Bucket=images;PublicBaseUrl=https://cdn.example.com;Endpoint=localhost:9090", "has an Endpoint that is not")]
    [InlineData("Bucket=images;PublicBaseUrl=https://cdn.example.com;AccessKey=topsecret", "only one of AccessKey and SecretKey")]
    [InlineData("Bucket=images;PublicBaseUrl=https://cdn.example.com;ForcePathStyle=yes", "ForcePathStyle")]
    [InlineData("Bucket=images;SecretKey=\"topsecret", "is not a connection string")]
    public void Broken_strings_name_the_problem_and_never_echo_a_key(string text, string expected)
    {
        Assert.False(StorageConnection.TryParse(text, out var connection, out var problem));

        Assert.Null(connection);
        Assert.StartsWith("ConnectionStrings:storage ", problem);
        Assert.Contains(expected, problem);
        Assert.DoesNotContain("topsecret", problem);
    }

    // The credentials handed to the client's constructor (none: the SDK's default chain resolves them per request).
    private static AWSCredentials? Credentials(Amazon.S3.AmazonS3Client client) =>
        typeof(AmazonServiceClient)
            .GetProperty("ExplicitAWSCredentials", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!
            .GetValue(client) as AWSCredentials;
}
