using Microsoft.AspNetCore.Http.Features;

namespace MealPlanner.Api.Hardening;

/// <summary>Refuses a declared oversize body before anything parses it. Kestrel's own limit still stops a chunked body
/// that grows too large while being read (that surfaces as a 413 <see cref="BadHttpRequestException"/>).</summary>
internal static class RequestBodyLimit
{
    /// <summary>An oversize body up to this size is read and discarded before the 413 (a lingering close): a client
    /// still sending it would otherwise get a reset instead of the answer ("response ended prematurely"), and the
    /// connection stays usable. Larger ones are not worth reading: the answer says the connection closes.</summary>
    public const long DrainBytes = 1024 * 1024;

    private static readonly TimeSpan DrainTime = TimeSpan.FromSeconds(5);

    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength is not { } length || length <= HardeningRegistration.MaxRequestBodyBytes)
            {
                await next(context);
                return;
            }

            if (!await TryDrainAsync(context, length))
            {
                // Kestrel cannot drain what is over its limit, so it closes the connection after this answer; saying
                // so keeps a keep-alive client from sending its next request into a closed socket.
                context.Response.Headers.Connection = "close";
            }

            await TypedResults.Problem(
                title: "Request body too large",
                detail: $"The body may be at most {HardeningRegistration.MaxRequestBodyBytes} bytes; images are uploaded to the presigned URL instead.",
                statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
        });

    private static async Task<bool> TryDrainAsync(HttpContext context, long length)
    {
        if (length > DrainBytes || context.Features.Get<IHttpMaxRequestBodySizeFeature>() is not { IsReadOnly: false } limit)
        {
            return false;
        }

        limit.MaxRequestBodySize = DrainBytes;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(DrainTime);
        try
        {
            await context.Request.Body.CopyToAsync(Stream.Null, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            return false;
        }
    }
}
