using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace MealPlanner.Tests.Unit;

/// <summary>In a container (ECS included) the console writes JSON with the trace and span ids, so CloudWatch Logs
/// finds a trace's lines; outside one it stays the readable default.</summary>
public sealed class ContainerLoggingTests
{
    [Theory]
    [InlineData("DOTNET_RUNNING_IN_CONTAINER", "true", true)]
    [InlineData("ECS_CONTAINER_METADATA_URI_V4", "http://169.254.170.2/v4/abc", true)]
    [InlineData("DOTNET_RUNNING_IN_CONTAINER", "false", false)]
    [InlineData("SOMETHING_ELSE", "1", false)]
    public void Json_console_with_trace_ids_only_in_a_container(string variable, string value, bool json)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [variable] = value });
        builder.Logging.AddConsole();

        builder.UseJsonConsoleInContainers();
        using var host = builder.Build();

        var formatter = host.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
        Assert.Equal(json, formatter == ConsoleFormatterNames.Json);
        var tracking = host.Services.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value.ActivityTrackingOptions;
        if (json)
        {
            Assert.True(tracking.HasFlag(ActivityTrackingOptions.TraceId) && tracking.HasFlag(ActivityTrackingOptions.SpanId));
            Assert.True(host.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
        }
    }
}
