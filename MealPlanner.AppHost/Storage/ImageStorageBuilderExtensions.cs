using MealPlanner.AppHost.LocalProcesses;

namespace MealPlanner.AppHost.Storage;

public static class ImageStorageBuilderExtensions
{
    /// <summary>The image store with its <c>images</c> bucket: s3rver as a local process, or MinIO as a container.</summary>
    public static IResourceBuilder<IImageStorageResource> AddImageStorage(
        this IDistributedApplicationBuilder builder, string name, LocalDataFolder? localData)
    {
        IResourceBuilder<IImageStorageResource> storage = localData is null
            ? AddMinio(builder, name)
            : AddLocalS3(builder, name, localData);
        return storage.WithHttpHealthCheck($"/{IImageStorageResource.BucketName}", endpointName: IImageStorageResource.EndpointName);
    }

    /// <summary>Hands a service the store's endpoint, region, keys, bucket and public base URL.</summary>
    public static IResourceBuilder<T> WithImageStorage<T>(this IResourceBuilder<T> service, IResourceBuilder<IImageStorageResource> storage)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        var endpoint = storage.Resource.HttpEndpoint;
        return service
            .WithEnvironment("AWS__ServiceURL", ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.Url)}"))
            .WithEnvironment("AWS__Region", IImageStorageResource.Region)
            .WithEnvironment(context =>
            {
                context.EnvironmentVariables["AWS_ACCESS_KEY_ID"] = storage.Resource.AccessKey;
                context.EnvironmentVariables["AWS_SECRET_ACCESS_KEY"] = storage.Resource.SecretKey;
            })
            .WithEnvironment("Storage__BucketName", IImageStorageResource.BucketName)
            .WithEnvironment("Storage__PublicBaseUrl",
                ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.Url)}/{IImageStorageResource.BucketName}"))
            .WithEnvironment("Storage__ForcePathStyle", "true")
            .WaitFor(storage);
    }

    private static IResourceBuilder<LocalS3Resource> AddLocalS3(IDistributedApplicationBuilder builder, string name, LocalDataFolder data) =>
        builder.AddResource(new LocalS3Resource(name, builder.AppHostDirectory))
            .WithArgs(LocalProcessesBuilderExtensions.ScriptPath("run-s3rver.sh"))
            .WithHttpEndpoint(name: IImageStorageResource.EndpointName, env: "S3_PORT", isProxied: false)
            .WithEnvironment("S3RVER_BIN", ServerBinaries.FindS3Emulator(builder.AppHostDirectory))
            .WithEnvironment("S3_DATA_ROOT", data.For(name))
            .WithEnvironment("S3_BUCKET", IImageStorageResource.BucketName)
            .WithWipeDataCommand(data)
            .WithIconName("Image");

    private static IResourceBuilder<MinioResource> AddMinio(IDistributedApplicationBuilder builder, string name)
    {
        var user = builder.AddParameter($"{name}-user", "mealplanner");
        var password = builder.AddParameter(
            $"{name}-password", new GenerateParameterDefault { MinLength = 22, Special = false }, secret: true, persist: true);
        var minio = builder.AddResource(new MinioResource(name, user.Resource, password.Resource))
            .WithImage(MinioResource.Image, MinioResource.Tag)
            .WithImageRegistry("docker.io")
            .WithHttpEndpoint(name: IImageStorageResource.EndpointName, targetPort: MinioResource.TargetPort)
            .WithEnvironment("MINIO_ROOT_USER", user)
            .WithEnvironment("MINIO_ROOT_PASSWORD", password)
            // A top-level folder of an empty MinIO data directory becomes a bucket: `images` exists from the start.
            .WithEntrypoint("/bin/sh")
            .WithArgs("-c", $"mkdir -p /data/{IImageStorageResource.BucketName} && exec minio server /data");
        if (builder.ExecutionContext.IsRunMode)
        {
            minio.WithVolume($"mealplanner-{name}-data", "/data");
        }

        return minio;
    }
}
