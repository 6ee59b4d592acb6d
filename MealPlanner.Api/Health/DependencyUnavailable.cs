namespace MealPlanner.Api.Health;

/// <summary>The answer when a dependency does not answer: 503 problem+json with <c>Retry-After</c>. The request did
/// nothing wrong, so it is not a 4xx, and the load balancer and clients may try again in a moment, so not a 500.</summary>
internal static class DependencyUnavailable
{
    public const string RetryAfterSeconds = "2";

    public static async ValueTask<bool> WriteAsync(
        IProblemDetailsService problems, HttpContext context, Exception exception, string title, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail },
        });
    }
}
