using Microsoft.AspNetCore.Http.Features;

namespace MealPlanner.Api.Hardening;

/// <summary>The API's own limits on the request line and headers, and <see cref="TextRule"/> on the URL, checked
/// before anything reads them. Kestrel answers its own limit breaches (414, 431) with an empty body that no app code
/// can touch, so its limits are set a little above these (<see cref="KestrelMaxRequestLineBytes"/>,
/// <see cref="KestrelMaxRequestHeadersBytes"/>): a request between the two is answered here, as problem+json. The URL
/// check sits here, once for every route and parameter, rather than in each endpoint: path segments and query values
/// all reach features (and PostgreSQL) as strings, and a check per parameter is one a new parameter forgets.</summary>
public static class RequestLineLimits
{
    /// <summary>The longest request target (path and query, as sent) the API accepts.</summary>
    public const int MaxTargetBytes = 8 * 1024;

    /// <summary>The largest header section (names, values and their separators) the API accepts.</summary>
    public const int MaxHeadersBytes = 16 * 1024;

    public const int KestrelMaxRequestLineBytes = MaxTargetBytes + 1024;
    public const int KestrelMaxRequestHeadersBytes = MaxHeadersBytes * 2;

    public static IApplicationBuilder UseRequestLineLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (Breach(context) is { } problem)
            {
                await problem.ExecuteAsync(context);
                return;
            }

            await next(context);
        });

    private static IResult? Breach(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (target.Length > MaxTargetBytes)
        {
            return TypedResults.Problem(title: "URI too long", detail: $"The request target may be at most {MaxTargetBytes} bytes.",
                statusCode: StatusCodes.Status414UriTooLong);
        }

        if (HeaderBytes(context.Request.Headers) > MaxHeadersBytes)
        {
            return TypedResults.Problem(title: "Request headers too large", detail: $"The headers may be at most {MaxHeadersBytes} bytes in all.",
                statusCode: StatusCodes.Status431RequestHeaderFieldsTooLarge);
        }

        var errors = new Dictionary<string, string[]>();
        if (!TextRule.IsAcceptable(context.Request.Path.Value))
        {
            errors["path"] = [$"The path {TextRule.Reason}."];
        }

        foreach (var (name, values) in context.Request.Query)
        {
            if (!TextRule.IsAcceptable(name) || values.Any(value => !TextRule.IsAcceptable(value)))
            {
                errors[TextRule.IsAcceptable(name) ? name : "query"] = [$"The query parameter {TextRule.Reason}."];
            }
        }

        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }

    /// <summary>Counted as on the wire ("name: value" and CRLF per line), close enough to Kestrel's own count that the
    /// band between the two limits is never skipped.</summary>
    private static long HeaderBytes(IHeaderDictionary headers)
    {
        long total = 0;
        foreach (var (name, values) in headers)
        {
            foreach (var value in values)
            {
                total += name.Length + (value?.Length ?? 0) + 4;
            }
        }

        return total;
    }
}
