using MealPlanner.Api.Recipes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MealPlanner.Api.Images;

/// <summary>Image uploads in two steps: <c>POST /api/images/uploads</c> gives a presigned PUT URL for a new temp key;
/// after the client uploaded, <c>POST /api/recipes/{id}/images</c> checks the object and moves it under the recipe.</summary>
public static class ImageEndpoints
{
    public sealed record UploadRequest(string ContentType, long Size);

    public sealed record UploadTicket(string Key, string UploadUrl, string Method, IReadOnlyDictionary<string, string> Headers,
        long MaxBytes, DateTimeOffset ExpiresAt);

    public sealed record AttachRequest(string Key);

    public sealed record AttachedImage(string Key, string Url, string ContentType, long Size);

    public static IEndpointRouteBuilder MapImages(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/images").WithTags("Images")
            .MapPost("/uploads", CreateUploadAsync).WithName("CreateImageUpload")
            .AddEndpointFilter(RequireConfiguredStorage);
        routes.MapGroup("/api/recipes").WithTags("Images")
            .MapPost("/{id}/images", AttachToRecipeAsync).WithName("AttachRecipeImage")
            .AddEndpointFilter(RequireConfiguredStorage);
        return routes;
    }

    // Without a usable connection string the image endpoints say so, and the rest of the API carries on.
    internal static async ValueTask<object?> RequireConfiguredStorage(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var storage = context.HttpContext.RequestServices.GetRequiredService<ImageStorageConfiguration>();
        return storage.Connection is null
            ? TypedResults.Problem(title: "Image storage unavailable", detail: "The image store is not configured.",
                statusCode: StatusCodes.Status503ServiceUnavailable)
            : await next(context);
    }

    private static async Task<Results<Created<UploadTicket>, ValidationProblem, ProblemHttpResult>> CreateUploadAsync(
        UploadRequest request, ImageStore store, IOptions<StorageSettings> settings)
    {
        var maxBytes = settings.Value.MaxImageBytes;
        if (string.IsNullOrWhiteSpace(request.ContentType))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["contentType"] = ["contentType is required."] });
        }

        if (ImageType.FromContentType(request.ContentType) is not { } type)
        {
            return UnsupportedType($"contentType must be one of {string.Join(", ", ImageType.All.Select(t => t.ContentType))}.");
        }

        if (request.Size <= 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["size"] = ["size must be positive."] });
        }

        if (request.Size > maxBytes)
        {
            return TooLarge(maxBytes);
        }

        var upload = await store.CreateUploadAsync(type);
        var ticket = new UploadTicket(upload.Key, upload.Url, "PUT",
            new Dictionary<string, string> { ["Content-Type"] = type.ContentType }, maxBytes, upload.ExpiresAt);
        return TypedResults.Created((string?)null, ticket);
    }

    private static async Task<Results<Ok<AttachedImage>, ValidationProblem, ProblemHttpResult>> AttachToRecipeAsync(
        Guid id, AttachRequest request, RecipeReader recipes, RecipeCache cache, ImageStore store, ImageUrls urls,
        IOptions<StorageSettings> settings, CancellationToken ct)
    {
        if (!ImageKeys.TryParseTemp(request.Key, out var tempKey))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["key"] = ["key must be a temp/ key returned by POST /api/images/uploads."],
            });
        }

        if (!await recipes.ExistsAsync(id, ct))
        {
            return RecipeEndpoints.RecipeNotFound(id);
        }

        if (await store.InspectAsync(tempKey, ct) is not { } stored)
        {
            return TypedResults.Problem(title: "Upload not found",
                detail: $"Nothing was uploaded to {tempKey}, or it expired.", statusCode: StatusCodes.Status404NotFound);
        }

        if (stored.Size > settings.Value.MaxImageBytes)
        {
            return TooLarge(settings.Value.MaxImageBytes);
        }

        if (ImageType.Sniff(stored.Head) is not { } type)
        {
            return TypedResults.Problem(title: "Not an image",
                detail: "The uploaded file is not a JPEG, PNG or WebP image.", statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        if (ImageType.FromContentType(stored.ContentType) != type)
        {
            return TypedResults.Problem(title: "Content type mismatch",
                detail: $"The upload was declared as {stored.ContentType} but is {type.ContentType}.",
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        var finalKey = ImageKeys.ForRecipe(id, type);
        await store.MoveAsync(tempKey, finalKey, type, ct);
        if (!await recipes.SetImageAsync(id, finalKey, ct))
        {
            return RecipeEndpoints.RecipeNotFound(id);
        }

        await cache.InvalidateAsync(id, ct);
        return TypedResults.Ok(new AttachedImage(finalKey, urls.PublicUrl(finalKey)!, type.ContentType, stored.Size));
    }

    private static ProblemHttpResult UnsupportedType(string detail) =>
        TypedResults.Problem(title: "Unsupported image type", detail: detail, statusCode: StatusCodes.Status415UnsupportedMediaType);

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        TypedResults.Problem(title: "Image too large", detail: $"Images may be at most {maxBytes} bytes.",
            statusCode: StatusCodes.Status413PayloadTooLarge);
}
