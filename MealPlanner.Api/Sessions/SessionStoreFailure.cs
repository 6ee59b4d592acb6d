using System.Security.Cryptography;
using MealPlanner.Api.Caching;
using StackExchange.Redis;

namespace MealPlanner.Api.Sessions;

/// <summary>Turns a session store that does not answer into a 503 problem, wherever it surfaces. The session
/// middleware itself reads the Data Protection key ring (in Redis) to issue or read the cookie before any endpoint
/// runs; when Redis was away since start-up that read fails there, and without this it would be a 500.</summary>
public static class SessionStoreFailure
{
    public static IApplicationBuilder UseSessionStoreFailureAs503(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (IsStoreFailure(ex) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                context.RequestServices.GetRequiredService<CacheGuard>().ReportFailure();
                await Unavailable().ExecuteAsync(context);
            }
        });

    public static IResult Unavailable() =>
        TypedResults.Problem(title: "Session store unavailable", detail: "Sessions are kept in Redis, which does not answer; try again shortly.",
            statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>A Redis error or time-out, also inside the key ring's <see cref="CryptographicException"/>.</summary>
    private static bool IsStoreFailure(Exception ex) => ex switch
    {
        RedisException or TimeoutException => true,
        CryptographicException { InnerException: { } inner } => IsStoreFailure(inner),
        _ => false,
    };
}
