using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace MealPlanner.Api.Hardening;

/// <summary>What every request goes through before a feature sees it: problem+json for every error, strict JSON,
/// URL and header limits, text without control characters, body size limits, forwarded headers from the load balancer, CORS, per-client rate limits and security headers.</summary>
public static class HardeningRegistration
{
    /// <summary>Ceiling for any request body. The API takes small JSON documents only: images go straight to S3.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public static IHostApplicationBuilder AddHardening(this IHostApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions.TryAdd(ProblemShape.TraceId, context.HttpContext.TraceIdentifier);
            if (context.ProblemDetails is HttpValidationProblemDetails validation)
            {
                ProblemShape.NameErrorsAsSent(validation);
            }
        });
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();

        // DataAnnotations on endpoint parameters and bodies are checked before a handler runs (a 400 validation problem);
        // the same attributes are what the OpenAPI document declares.
        builder.Services.AddValidation();

        // Bad input must come back as the exception the handler above turns into a precise problem+json,
        // in every environment (by default only Development throws; elsewhere the body would be empty).
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        builder.Services.Configure<JsonOptions>(options =>
        {
            // A misspelt field is a client bug worth hearing about, not something to ignore silently.
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.SerializerOptions.Converters.Add(new JsonTextConverter());
        });

        builder.Services.Configure<KestrelServerOptions>(options =>
        {
            options.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
            options.Limits.MaxRequestLineSize = RequestLineLimits.KestrelMaxRequestLineBytes;
            options.Limits.MaxRequestHeadersTotalSize = RequestLineLimits.KestrelMaxRequestHeadersBytes;
            options.AddServerHeader = false;
            options.UseProblemBodies();
        });

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            // The ALB sets X-Forwarded-For/-Proto; only trusted proxies may (loopback by default, where Aspire's
            // proxy and the tests live; the VPC's range in AWS via ForwardedHeaders:KnownNetworks, comma-separated or an array).
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var network in builder.Configuration.GetList("ForwardedHeaders:KnownNetworks"))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

        builder.AddCorsFromConfiguration();
        builder.AddClientRateLimiting();
        return builder;
    }

    public static WebApplication UseHardening(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseSecurityHeaders();
        app.UseRequestLineLimits();
        app.UseRequestBodyLimit();
        app.UseCors();
        app.UseRateLimiter();
        return app;
    }
}
