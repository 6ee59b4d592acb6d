using MealPlanner.AppHost.LocalContainers;
using MealPlanner.AppHost.LocalProcesses;

namespace MealPlanner.AppHost.Storage;

public static class ImageStorageBuilderExtensions
{
    /// <summary>The image store with its <c>images</c> bucket: s3rver as a local process, or S3Mock as a container.</summary>
    public static IResourceBuilder<IImageStorageResource> AddImageStorage(
        this IDistributedApplicationBuilder builder, string name, LocalDataFolder? localData)
    {
        IResourceBuilder<IImageStorageResource> storage = localData is null
            ? AddS3Mock(builder, name)
            : AddLocalS3(builder, name, localData);
        return storage.WithHttpHealthCheck($"/{IImageStorageResource.BucketName}", endpointName: IImageStorageResource.EndpointName);
    }

    /// <summary>Hands a project the store's connection string (<c>ConnectionStrings__storage</c>) and nothing else:
    /// endpoint, region, bucket, public base URL and the emulator's keys all travel in it. Call
    /// <c>WithConnectionStringsOnly()</c> first.</summary>
    public static IResourceBuilder<ProjectResource> WithImageStorage(
        this IResourceBuilder<ProjectResource> project, IResourceBuilder<IImageStorageResource> storage) =>
        project.WithReference(storage).WaitFor(storage);

    private static IResourceBuilder<LocalS3Resource> AddLocalS3(IDistributedApplicationBuilder builder, string name, LocalDataFolder data) =>
        builder.AddResource(new LocalS3Resource(name, builder.AppHostDirectory))
            .WithArgs(LocalProcessesBuilderExtensions.ScriptPath("run-s3rver.sh"))
            .WithHttpEndpoint(name: IImageStorageResource.EndpointName, env: "S3_PORT", isProxied: false)
            .WithEnvironment("S3RVER_BIN", ServerBinaries.FindS3Emulator(builder.AppHostDirectory))
            .WithEnvironment("S3_DATA_ROOT", data.For(name))
            .WithEnvironment("S3_BUCKET", IImageStorageResource.BucketName)
            .WithWipeDataCommand(data)
            .WithIconName("Image");

    // Adobe's S3Mock: maintained (MinIO stopped publishing community images in late 2025), one small container,
    // the bucket made from an environment variable, path-style URLs like the emulator of processes mode.
    private static IResourceBuilder<S3MockResource> AddS3Mock(IDistributedApplicationBuilder builder, string name)
    {
        var store = builder.AddResource(new S3MockResource(name))
            .WithImage(S3MockResource.Image, S3MockResource.Tag)
            .WithImageRegistry("docker.io")
            .WithHttpEndpoint(name: IImageStorageResource.EndpointName, targetPort: S3MockResource.TargetPort)
            .WithEnvironment("COM_ADOBE_TESTING_S3MOCK_STORE_INITIAL_BUCKETS", IImageStorageResource.BucketName);
        if (builder.ExecutionContext.IsRunMode)
        {
            store.WithVolume(ContainerVolumes.For(builder.Configuration, name), S3MockResource.DataPath)
                .WithEnvironment("COM_ADOBE_TESTING_S3MOCK_STORE_ROOT", S3MockResource.DataPath)
                .WithEnvironment("COM_ADOBE_TESTING_S3MOCK_STORE_RETAIN_FILES_ON_EXIT", "true");
        }

        return store;
    }
}
