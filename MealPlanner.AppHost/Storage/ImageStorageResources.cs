namespace MealPlanner.AppHost.Storage;

/// <summary>
/// An S3-compatible store holding the <c>images</c> bucket. Clients get one connection string,
/// <c>Endpoint=...;Region=...;Bucket=...;PublicBaseUrl=...;ForcePathStyle=true;AccessKey=...;SecretKey=...</c>: its
/// shape (an <c>Endpoint</c> and a <c>Bucket</c>) is how the deployer recognises an S3 store in the manifest, and in
/// AWS it becomes <c>Region;Bucket;PublicBaseUrl</c> alone, so the SDK reaches S3 itself and signs with the task role.
/// </summary>
public interface IImageStorageResource : IResourceWithEndpoints, IResourceWithWaitSupport, IResourceWithConnectionString
{
    const string EndpointName = "http";
    const string BucketName = "images";
    const string Region = "us-east-1";

    EndpointReference HttpEndpoint => new(this, EndpointName);

    /// <summary>The access key id the local emulator accepts (it needs some key; none is a secret).</summary>
    string AccessKey { get; }

    /// <summary>The secret access key the local emulator accepts.</summary>
    string SecretKey { get; }

    ReferenceExpression IResourceWithConnectionString.ConnectionStringExpression => ReferenceExpression.Create(
        $"Endpoint={HttpEndpoint.Property(EndpointProperty.Url)};Region={Region};Bucket={BucketName};" +
        $"PublicBaseUrl={HttpEndpoint.Property(EndpointProperty.Url)}/{BucketName};ForcePathStyle=true;" +
        $"AccessKey={AccessKey};SecretKey={SecretKey}");
}

/// <summary>s3rver from npm, run by node (processes mode). It accepts only its own fixed keys.</summary>
public sealed class LocalS3Resource(string name, string workingDirectory)
    : ExecutableResource(name, "/bin/bash", workingDirectory), IImageStorageResource
{
    public string AccessKey => "S3RVER";

    public string SecretKey => "S3RVER";
}

/// <summary>Adobe's S3Mock (containers mode and the manifest; the deployer maps it to S3 + CloudFront). Like the
/// processes-mode emulator it accepts any credentials, so the keys are fixed and carry no secret.</summary>
public sealed class S3MockResource(string name) : ContainerResource(name), IImageStorageResource
{
    public const string Image = "adobe/s3mock";
    public const string Tag = "4.4.0";
    public const int TargetPort = 9090;
    public const string DataPath = "/data";

    public string AccessKey => "s3mock";

    public string SecretKey => "s3mock";
}
