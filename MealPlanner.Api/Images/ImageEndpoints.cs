using MealPlanner.Api.OpenApi;
using MealPlanner.Api.Recipes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MealPlanner.Api.Images;

/// <summary>Image uploads in two steps: <c>POST /api/images/uploads</c> gives a presigned PUT URL for a new temp key;
/// after the client uploaded, <c>POST /api/recipes/{id}/images</c> checks the object and moves it under the recipe.</summary>
public static class ImageEndpoints
{
    public static IEndpointRouteBuilder MapImages(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/images").WithTags("Images")
            .MapPost("/uploads", CreateUploadAsync).WithName("CreateImageUpload")
            .AddEndpointFilter(RequireConfiguredStorage)
            .WithSummary("Get a presigned upload URL for an image")
            .WithDescription("Step 1 of 2: a presigned `PUT` URL for a new `temp/` key, valid 15 minutes. The client " +
                "PUTs the image bytes there itself (with the same `Content-Type`), then attaches the key to a recipe.")
            .Answers(StatusCodes.Status413PayloadTooLarge, "`size` is over `maxBytes` (5 MiB by default), or the body is over 64 KiB.")
            .Answers(StatusCodes.Status415UnsupportedMediaType, "`contentType` is not image/jpeg, image/png or image/webp, or the body is not `application/json`.")
            .Answers(StatusCodes.Status503ServiceUnavailable, "The image store is not configured.");
        routes.MapGroup("/api/recipes").WithTags("Images")
            .MapPost("/{id}/images", AttachToRecipeAsync).WithName("AttachRecipeImage")
            .AddEndpointFilter(RequireConfiguredStorage)
            .WithSummary("Attach an uploaded image to a recipe")
            .WithDescription("Step 2 of 2: checks the uploaded object (its size and, by its first bytes, that it is the " +
                "declared JPEG, PNG or WebP), moves it under the recipe and makes it the recipe's image.")
            .Answers(StatusCodes.Status404NotFound, "No recipe has this id, or nothing was uploaded to the key (or it expired).")
            .Answers(StatusCodes.Status413PayloadTooLarge, "The uploaded image is over `maxBytes` (5 MiB by default), or the body is over 64 KiB.")
            .Answers(StatusCodes.Status422UnprocessableEntity, "The uploaded file is not a JPEG, PNG or WebP image, or not the type declared for the upload.")
            .AnswersWhileDatabaseDown(orWhen: "the image store is not configured or does not answer");
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

    /// <summary>The request arrives validated (<see cref="UploadRequest"/>); what is left depends on the type and configuration.</summary>
    private static async Task<Results<Created<UploadTicket>, ProblemHttpResult>> CreateUploadAsync(
        UploadRequest request, ImageStore store, IOptions<StorageSettings> settings)
    {
        var maxBytes = settings.Value.MaxImageBytes;
        // Exactly one of the values the document lists: a client generated from it sends nothing else, and a checker
        // that sends "IMAGE/PNG" as a value outside the enum must see it refused.
        if (ImageType.All.FirstOrDefault(t => t.ContentType == request.ContentType) is not { } type)
        {
            return UnsupportedType($"contentType must be one of {string.Join(", ", ImageType.All.Select(t => t.ContentType))}.");
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

    /// <summary>The key arrives validated (<see cref="AttachRequest.KeyPattern"/>): only one this API could have handed out.</summary>
    private static async Task<Results<Ok<AttachedImage>, ProblemHttpResult>> AttachToRecipeAsync(
        Guid id, AttachRequest request, RecipeReader recipes, RecipeCache cache, ImageStore store, ImageUrls urls,
        IOptions<StorageSettings> settings, CancellationToken ct)
    {
        var tempKey = request.Key;
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

        await cache.InvalidateAllAsync(ct);
        return TypedResults.Ok(new AttachedImage(finalKey, urls.PublicUrl(finalKey)!, type.ContentType, stored.Size));
    }

    private static ProblemHttpResult UnsupportedType(string detail) =>
        TypedResults.Problem(title: "Unsupported image type", detail: detail, statusCode: StatusCodes.Status415UnsupportedMediaType);

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        TypedResults.Problem(title: "Image too large", detail: $"Images may be at most {maxBytes} bytes.",
            statusCode: StatusCodes.Status413PayloadTooLarge);
}
