namespace MealPlanner.AppHost;

public static class RunToCompletionWorkers
{
    /// <summary>
    /// Aspire turns on the OTLP exporter's in-memory retry for every project. For a worker that runs to completion
    /// and gates the API, that retry held the exit ~5 s while telemetry was flushed at shutdown (measured: the worker
    /// alone 8.0 s with it, 2.7 s without; bench/startup.sh warm start about 5 s faster). Telemetry is still exported;
    /// only a failed export at exit is not retried.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithoutTelemetryRetryAtExit(this IResourceBuilder<ProjectResource> worker) =>
        worker.WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"));
}
