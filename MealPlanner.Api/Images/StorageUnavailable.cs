using Amazon.S3;
using MealPlanner.Api.Health;
using Microsoft.AspNetCore.Diagnostics;

namespace MealPlanner.Api.Images;

/// <summary>An image store that does not answer (stopped, unreachable, or failing on its side) is a 503 problem with
/// <c>Retry-After</c>, not a 500: the request was fine, and the upload it refers to is still there to attach later.
/// A store that answers "no such key" or "access denied" is not unavailable; those keep their own handling.</summary>
internal sealed partial class StorageUnavailable(IProblemDetailsService problems, ILogger<StorageUnavailable> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception, context.RequestAborted) || context.Response.HasStarted)
        {
            return false;
        }

        LogUnavailable(exception.GetType().Name);
        return await DependencyUnavailable.WriteAsync(problems, context, exception, "Image storage unavailable", "The image store does not answer; try again shortly.");
    }

    private static bool IsUnavailable(Exception exception, CancellationToken requestAborted) => exception switch
    {
        AmazonS3Exception s3 => (int)s3.StatusCode >= 500,
        // The SDK wraps connection failures and its own time-outs as client exceptions.
        Amazon.Runtime.AmazonClientException or HttpRequestException => true,
        OperationCanceledException => !requestAborted.IsCancellationRequested,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "The image store is unavailable ({Error}): answering 503")]
    private partial void LogUnavailable(string error);
}
