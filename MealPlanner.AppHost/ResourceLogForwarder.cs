using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MealPlanner.AppHost;

/// <summary>
/// Copies every resource's console output into the AppHost's own log, so a run without a browser (CI, benchmarks,
/// a terminal over SSH) still shows why a server or service failed. On with <c>ResourceLogs:Console=true</c>.
/// </summary>
public static class ResourceLogForwarding
{
    public const string Setting = "ResourceLogs:Console";

    public static IDistributedApplicationBuilder ForwardResourceLogsWhenAsked(this IDistributedApplicationBuilder builder)
    {
        if (bool.TryParse(builder.Configuration[Setting], out var on) && on)
        {
            builder.Services.AddHostedService<ResourceLogForwarder>();
        }

        return builder;
    }

    private sealed class ResourceLogForwarder(
        DistributedApplicationModel model,
        ResourceLoggerService resourceLogs,
        ILoggerFactory loggers) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
            Task.WhenAll(model.Resources.Select(resource => ForwardAsync(resource, stoppingToken)));

        private async Task ForwardAsync(IResource resource, CancellationToken stoppingToken)
        {
            var logger = loggers.CreateLogger($"resource.{resource.Name}");
            try
            {
                await foreach (var batch in resourceLogs.WatchAsync(resource).WithCancellation(stoppingToken))
                {
                    foreach (var line in batch)
                    {
                        logger.Log(line.IsErrorMessage ? LogLevel.Warning : LogLevel.Information, "{Line}", line.Content);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                // The AppHost is stopping.
            }
        }
    }
}
