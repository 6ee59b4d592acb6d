using System.Globalization;

namespace MealPlanner.AppHost.Pooling;

/// <summary>
/// How long PgBouncer holds a client while PostgreSQL is away, the same in both local runtimes (and in
/// docker-compose.yml). Its defaults would hold a request far past the API's promise of a 503 within 5 s: a failed
/// server login is retried only after 15 s, a query waits up to 120 s for a server, a connect to a silent server 15 s.
/// With these PgBouncer answers an error soon, the API turns it into a 503, and the first login after PostgreSQL is
/// back comes within a second.
/// </summary>
public static class PgBouncerTimeouts
{
    /// <summary><c>server_login_retry</c>: after a failed server login, new clients get an error at once for this long,
    /// then PgBouncer tries the server again.</summary>
    public const int ServerLoginRetrySeconds = 1;

    /// <summary><c>server_connect_timeout</c>: a connect (and login) to a server that does not answer.</summary>
    public const int ServerConnectTimeoutSeconds = 2;

    /// <summary><c>query_wait_timeout</c>: a query waiting for a server connection. Under load the wait is
    /// milliseconds; the API's own command timeout (2 s) comes first, this bounds every other client.</summary>
    public const int QueryWaitTimeoutSeconds = 3;

    /// <summary>The three settings as the variables edoburu/pgbouncer's entrypoint (no prefix) or run-pgbouncer.sh
    /// (<c>PGBOUNCER_</c>) turn into pgbouncer.ini lines.</summary>
    public static IResourceBuilder<T> WithPgBouncerTimeouts<T>(this IResourceBuilder<T> pooler, string variablePrefix)
        where T : IResourceWithEnvironment =>
        pooler.WithEnvironment($"{variablePrefix}SERVER_LOGIN_RETRY", Seconds(ServerLoginRetrySeconds))
            .WithEnvironment($"{variablePrefix}SERVER_CONNECT_TIMEOUT", Seconds(ServerConnectTimeoutSeconds))
            .WithEnvironment($"{variablePrefix}QUERY_WAIT_TIMEOUT", Seconds(QueryWaitTimeoutSeconds));

    private static string Seconds(int seconds) => seconds.ToString(CultureInfo.InvariantCulture);
}
