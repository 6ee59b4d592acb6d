namespace MealPlanner.Api.Hardening;

/// <summary>Headers that make a JSON API inert in a browser: no sniffing, no framing, no referrer, no scripts.
/// Added as the response starts, so error responses written by the exception handler (which clears headers) get them too.</summary>
internal static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state => Apply((HttpContext)state), context);
            return next(context);
        });

    private static Task Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-site";
        // The API reference UI (Development only) runs scripts; everything else is data and may run nothing.
        if (!context.Request.Path.StartsWithSegments("/scalar"))
        {
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        }

        return Task.CompletedTask;
    }
}
