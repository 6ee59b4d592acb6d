using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace MealPlanner.Api.Caching;

/// <summary>A 200 whose JSON body was serialized once, when it was cached, and is written as it is: a cached read
/// costs no serialization. It declares the same OpenAPI response as <c>Ok&lt;T&gt;</c>, so the document still names
/// <typeparamref name="T"/> as the response schema.</summary>
public sealed class CachedJson<T>(byte[] utf8Json) : IResult, IEndpointMetadataProvider, IStatusCodeHttpResult, IContentTypeHttpResult
{
    private const string JsonContentType = "application/json; charset=utf-8";

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => JsonContentType;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = JsonContentType;
        response.ContentLength = utf8Json.Length;
        await response.BodyWriter.WriteAsync(utf8Json, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
}
