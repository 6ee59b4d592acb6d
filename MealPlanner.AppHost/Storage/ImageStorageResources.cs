namespace MealPlanner.AppHost.Storage;

/// <summary>
/// An S3-compatible store holding the <c>images</c> bucket. Clients get what the AWS SDK's conventions read
/// (<c>AWS:ServiceURL</c>, <c>AWS:Region</c>, <c>AWS_ACCESS_KEY_ID</c>...), so the same code runs against real S3,
/// where the deployer drops the endpoint and keys and the task role takes over.
/// </summary>
public interface IImageStorageResource : IResourceWithEndpoints, IResourceWithWaitSupport
{
    const string EndpointName = "http";
    const string BucketName = "images";
    const string Region = "us-east-1";

    EndpointReference HttpEndpoint => new(this, EndpointName);

    /// <summary>The access key id: a plain string or a parameter.</summary>
    object AccessKey { get; }

    /// <summary>The secret access key: a plain string or a secret parameter.</summary>
    object SecretKey { get; }
}

/// <summary>s3rver from npm, run by node (processes mode). It accepts only its own fixed keys.</summary>
public sealed class LocalS3Resource(string name, string workingDirectory)
    : ExecutableResource(name, "/bin/bash", workingDirectory), IImageStorageResource
{
    public object AccessKey => "S3RVER";

    public object SecretKey => "S3RVER";
}

/// <summary>Adobe's S3Mock (containers mode and the manifest; the deployer maps it to S3 + CloudFront). Like the
/// processes-mode emulator it accepts any credentials, so the keys are fixed and carry no secret.</summary>
public sealed class S3MockResource(string name) : ContainerResource(name), IImageStorageResource
{
    public const string Image = "adobe/s3mock";
    public const string Tag = "4.4.0";
    public const int TargetPort = 9090;
    public const string DataPath = "/data";

    public object AccessKey => "s3mock";

    public object SecretKey => "s3mock";
}
