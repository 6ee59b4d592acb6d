namespace MealPlanner.AppHost;

/// <summary>
/// What the API needs to know about the edge in front of it: which browser origins may call it with credentials
/// (CORS), and which networks' proxies it may believe about the client address (X-Forwarded-For). Both are
/// parameters, so the manifest names them and each environment's deploy settings fill them; in run mode they
/// default to the local setup.
/// </summary>
public static class ApiEdgeParameters
{
    public const string CorsOrigins = "api-cors-origins";
    public const string TrustedProxyNetworks = "api-trusted-proxy-networks";

    /// <summary>The local frontend; <c>Frontend:Origin</c> overrides it.</summary>
    public const string LocalFrontendOrigin = "http://localhost:3000";

    /// <summary>Hands the API <c>Cors__AllowedOrigins</c> and <c>ForwardedHeaders__KnownNetworks</c>, each a
    /// comma-separated list.</summary>
    public static IResourceBuilder<ProjectResource> WithEdgeParameters(this IResourceBuilder<ProjectResource> api)
    {
        var builder = api.ApplicationBuilder;
        var origins = builder.AddRunModeDefaultedParameter(CorsOrigins, builder.Configuration["Frontend:Origin"] ?? LocalFrontendOrigin);
        // Locally only loopback proxies (Aspire's, the tests) are trusted, which ASP.NET Core does without being told.
        var networks = builder.AddRunModeDefaultedParameter(TrustedProxyNetworks, "");
        return api
            .WithEnvironment("Cors__AllowedOrigins", origins)
            .WithEnvironment("ForwardedHeaders__KnownNetworks", networks);
    }

    /// <summary>In run mode a value from configuration (<c>Parameters:NAME</c>) or the local default; in publish mode
    /// no default at all, so the manifest shows the parameter without one and the deployer demands a value per
    /// environment rather than shipping the local one.</summary>
    private static IResourceBuilder<ParameterResource> AddRunModeDefaultedParameter(
        this IDistributedApplicationBuilder builder, string name, string runModeDefault) =>
        builder.ExecutionContext.IsPublishMode
            ? builder.AddParameter(name)
            : builder.AddParameter(name, builder.Configuration[$"Parameters:{name}"] ?? runModeDefault);
}
