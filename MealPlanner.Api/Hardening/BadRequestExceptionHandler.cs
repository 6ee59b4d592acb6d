using Microsoft.AspNetCore.Diagnostics;

namespace MealPlanner.Api.Hardening;

/// <summary>Turns the framework's "bad request" exceptions (unreadable JSON, unknown fields, wrong content type, body
/// too large) into problem+json with their own status code, instead of the 500 an unhandled exception would give.
/// Their messages name the parameter and the reason, never a stack trace, so they are safe in every environment.</summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        context.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = bad.StatusCode,
                Title = Title(bad.StatusCode),
                Detail = Detail(bad),
            },
        });
    }

    private static string Title(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Request body too large",
        StatusCodes.Status415UnsupportedMediaType => "Unsupported content type",
        _ => "Bad request",
    };

    /// <summary>The JSON reader's own explanation (path and position) is the useful part for a client.</summary>
    private static string Detail(BadHttpRequestException bad) =>
        bad.InnerException is System.Text.Json.JsonException json ? $"{bad.Message} {json.Message}" : bad.Message;
}
