namespace MealPlanner.Api.Observability;

/// <summary>
/// Sentry, on only when the <c>sentry-dsn</c> parameter holds a DSN. Unset, empty, or anything that is not a DSN
/// (in AWS the parameter's secret starts as a random placeholder until an operator stores the real DSN) leaves the
/// SDK uninitialised: no hub, no network, no log line.
/// </summary>
public static class ErrorReporting
{
    /// <summary>The configuration key the AppHost hands the <c>sentry-dsn</c> parameter to (variable <c>Sentry__Dsn</c>);
    /// Sentry's own section, so its other options (sample rates, environment) bind from the same place.</summary>
    public const string DsnKey = "Sentry:Dsn";

    public static WebApplicationBuilder AddErrorReporting(this WebApplicationBuilder builder)
    {
        if (DsnFrom(builder.Configuration) is not { } dsn)
        {
            return builder;
        }

        builder.WebHost.UseSentry(options =>
        {
            options.Dsn = dsn;
            options.Environment = builder.Environment.EnvironmentName;
            // Personal data (user names, IPs, cookies) stays out of a third party's store.
            options.SendDefaultPii = false;
            // Traces go through OpenTelemetry; Sentry gets errors only.
            options.TracesSampleRate = 0;
        });
        return builder;
    }

    /// <summary>The DSN when the value is one (an http(s) URL with a public key and a project id), otherwise null.</summary>
    public static string? DsnFrom(IConfiguration configuration)
    {
        var value = configuration[DsnKey]?.Trim();
        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
               && uri.Scheme is "https" or "http"
               && uri.UserInfo.Length > 0
               && uri.AbsolutePath.Trim('/').Length > 0
            ? value
            : null;
    }
}
