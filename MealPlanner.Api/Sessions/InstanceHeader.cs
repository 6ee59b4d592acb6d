namespace MealPlanner.Api.Sessions;

/// <summary><c>X-Instance: host-pid</c> on every response names the API task that answered: harmless, and it is how a
/// test (or an operator behind the load balancer) sees that two tasks served one session.</summary>
public static class InstanceHeader
{
    public const string Name = "X-Instance";
    public static readonly string Value = $"{Environment.MachineName}-{Environment.ProcessId}";

    public static IApplicationBuilder UseInstanceHeader(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // On starting: the exception handler clears headers, and error responses should name their task too.
            context.Response.OnStarting(static state =>
            {
                ((HttpContext)state).Response.Headers[Name] = Value;
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
}
