namespace MealPlanner.Api.Hardening;

/// <summary>Refuses a declared oversize body before anything reads it. Kestrel's own limit still stops a chunked body
/// that grows too large while being read (that surfaces as a 413 <see cref="BadHttpRequestException"/>).</summary>
internal static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > HardeningRegistration.MaxRequestBodyBytes)
            {
                // The unread body is over Kestrel's own limit, so Kestrel cannot drain it and closes the connection
                // after this answer; saying so keeps a keep-alive client from sending its next request into a closed
                // socket (Node's fetch got "socket hang up" there).
                context.Response.Headers.Connection = "close";
                await TypedResults.Problem(
                    title: "Request body too large",
                    detail: $"The body may be at most {HardeningRegistration.MaxRequestBodyBytes} bytes; images are uploaded to the presigned URL instead.",
                    statusCode: StatusCodes.Status413PayloadTooLarge).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
}
