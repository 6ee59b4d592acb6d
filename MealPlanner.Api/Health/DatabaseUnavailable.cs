using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace MealPlanner.Api.Health;

/// <summary>PostgreSQL (or the pooler in front of it) not answering is a 503 problem with <c>Retry-After</c>, not a
/// 500: the request did nothing wrong, and the load balancer and clients may try again in a moment.</summary>
internal sealed partial class DatabaseUnavailable(IProblemDetailsService problems, ILogger<DatabaseUnavailable> logger) : IExceptionHandler
{
    /// <summary>Longest a query may wait, also in the pooler for a server that is restarting.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Longest a request may wait to get a connection: for a free one in the pool, or for a new one to open
    /// (15 s by default).</summary>
    public static readonly TimeSpan OpenTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Bounds the other two waits of a request on PostgreSQL: getting a connection (<see cref="OpenTimeout"/>),
    /// and after a command timed out, the cancellation round trip (2 s by default; skipped: the connection is dropped
    /// instead, and the pool opens a fresh one). A read of one query thus answers within open + command = 4 s, under
    /// the 5 s the API promises while PostgreSQL restarts (the pooler in front gives up on its own waits as soon).</summary>
    public static string FailFast(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Timeout = (int)OpenTimeout.TotalSeconds, CancellationTimeout = -1 }.ConnectionString;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsUnavailable(exception) || context.Response.HasStarted)
        {
            return false;
        }

        LogUnavailable(exception.GetType().Name);
        return await DependencyUnavailable.WriteAsync(problems, context, exception, "Database unavailable", "PostgreSQL does not answer; try again shortly.");
    }

    /// <summary>Connection and server-side failures, and time-outs; never a query the database rejected as wrong.</summary>
    private static bool IsUnavailable(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case PostgresException postgres:
                    // 08: connection exception, 53: insufficient resources, 57P: operator intervention (shutdown,
                    // restart), 58: system error.
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) ||
                        postgres.SqlState.StartsWith("53", StringComparison.Ordinal) ||
                        postgres.SqlState.StartsWith("57P", StringComparison.Ordinal) ||
                        postgres.SqlState.StartsWith("58", StringComparison.Ordinal);
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is TimeoutException or System.Net.Sockets.SocketException or IOException:
                    return true;
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is unavailable ({Error}): answering 503")]
    private partial void LogUnavailable(string error);
}
