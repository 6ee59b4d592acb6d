namespace MealPlanner.AppHost;

public static class RunToCompletionWorkers
{
    /// <summary>The manifest property, and its value, that mark a project as a worker that runs to completion (the
    /// deployer runs it once per deployment, before the services roll out). Without it a project without HTTP is a
    /// long-running service: nothing in the manifest otherwise tells the two apart.</summary>
    public const string LifecycleProperty = "lifecycle";
    public const string RunToCompletion = "runToCompletion";

    /// <summary>The manifest property naming the argument that makes the worker report, as its exit code, whether it
    /// has work to do (0 none, 3 work on existing data, 4 work on an empty store), without doing it. The deployer
    /// protects the data (a database snapshot) before the run only when the answer is 3.</summary>
    public const string PendingCheckProperty = "pendingCheck";

    /// <summary>
    /// Aspire turns on the OTLP exporter's in-memory retry for every project. For a worker that runs to completion
    /// and gates the API, that retry held the exit ~5 s while telemetry was flushed at shutdown (measured: the worker
    /// alone 8.0 s with it, 2.7 s without; bench/startup.sh warm start about 5 s faster). Telemetry is still exported;
    /// only a failed export at exit is not retried.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithoutTelemetryRetryAtExit(this IResourceBuilder<ProjectResource> worker) =>
        worker.WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"));

    /// <summary>
    /// Writes the project's manifest entry as Aspire does for a <c>project.v0</c> (type, path, args, env, bindings),
    /// plus <c>"lifecycle": "runToCompletion"</c> and, when given, <c>"pendingCheck"</c>. Aspire has no such marker of
    /// its own, and a callback replaces the whole entry, so the stock fields are written here through the context's
    /// public writers.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AsRunToCompletion(this IResourceBuilder<ProjectResource> worker, string? pendingCheckArgument = null) =>
        worker.WithManifestPublishingCallback(async context =>
        {
            var project = worker.Resource;
            if (!project.TryGetLastAnnotation<IProjectMetadata>(out var metadata))
            {
                throw new InvalidOperationException($"project '{project.Name}' has no project metadata");
            }

            context.Writer.WriteString("type", "project.v0");
            context.Writer.WriteString("path", context.GetManifestRelativePath(metadata.ProjectPath));
            context.Writer.WriteString(LifecycleProperty, RunToCompletion);
            if (pendingCheckArgument is not null)
            {
                context.Writer.WriteString(PendingCheckProperty, pendingCheckArgument);
            }

            await context.WriteCommandLineArgumentsAsync(project);
            await context.WriteEnvironmentVariablesAsync(project);
            context.WriteBindings(project);
        });
}
