using MealPlanner.Api.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Sentry.AspNetCore;

namespace MealPlanner.Tests.Unit;

/// <summary>Sentry is on only with a DSN: without one (unset, empty, or the random placeholder a fresh AWS secret
/// holds) the SDK is never registered nor initialised. Started on a loopback port; no event is sent, so no network.</summary>
[Collection(nameof(ErrorReportingTests))]
[CollectionDefinition(nameof(ErrorReportingTests), DisableParallelization = true)]
public sealed class ErrorReportingTests
{
    private const string FakeDsn = "https://0123456789abcdef@o0.ingest.example.invalid/42";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("Xq3v9LrT2mK8pZ4wY7nB1cD5fG6hJ0aE")]
    [InlineData("https://sentry.example.com/42")]
    public async Task Without_a_dsn_sentry_is_neither_registered_nor_initialised(string? dsn)
    {
        await using var app = await StartedApi(dsn);

        Assert.Null(app.Services.GetService<IHub>());
        Assert.Null(app.Services.GetService<IOptions<SentryAspNetCoreOptions>>()?.Value.Dsn);
        Assert.False(SentrySdk.IsEnabled);
    }

    [Fact]
    public async Task With_a_dsn_the_sdk_is_initialised_with_it_and_sends_no_personal_data()
    {
        try
        {
            await using var app = await StartedApi(FakeDsn);
            var options = app.Services.GetRequiredService<IOptions<SentryAspNetCoreOptions>>().Value;
            Assert.Equal(FakeDsn, options.Dsn);
            Assert.False(options.SendDefaultPii);
            Assert.True(app.Services.GetRequiredService<IHub>().IsEnabled);
            Assert.True(SentrySdk.IsEnabled);
        }
        finally
        {
            // The SDK is process-wide: the tests without a DSN must not see this one's.
            SentrySdk.Close();
        }
    }

    private static async Task<WebApplication> StartedApi(string? dsn)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (dsn is not null)
        {
            builder.Configuration[ErrorReporting.DsnKey] = dsn;
        }

        builder.AddErrorReporting();
        var app = builder.Build();
        app.MapGet("/", () => "ok");
        await app.StartAsync();
        return app;
    }
}
