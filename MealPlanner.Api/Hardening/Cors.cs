namespace MealPlanner.Api.Hardening;

/// <summary>The browser frontend's origins come from <c>Cors:AllowedOrigins</c> (comma-separated or an array); none configured means
/// no cross-origin access at all. Credentials are allowed so the session cookie travels with the frontend's calls.</summary>
internal static class Cors
{
    public static IHostApplicationBuilder AddCorsFromConfiguration(this IHostApplicationBuilder builder)
    {
        var origins = builder.Configuration.GetList("Cors:AllowedOrigins");
        builder.Services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .WithMethods("GET", "POST", "PUT")
            .WithHeaders("Content-Type")
            .WithExposedHeaders("Retry-After")
            .AllowCredentials()
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
        return builder;
    }
}
