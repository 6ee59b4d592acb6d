using System.Text.Json;

namespace MealPlanner.Api.Hardening;

/// <summary>What every problem document the API writes carries besides RFC 9457's own members, in one place: the
/// problem details service adds it (<see cref="HardeningRegistration"/>) and the OpenAPI document declares it.</summary>
public static class ProblemShape
{
    public const string ContentType = "application/problem+json";

    /// <summary>The request's trace identifier, to find its logs and trace.</summary>
    public const string TraceId = "traceId";

    /// <summary>Per-field messages of a validation problem (a 400 about the request's values).</summary>
    public const string Errors = "errors";

    /// <summary>Validation names a field by its C# property (<c>ContentType</c>); clients sent, and the document names,
    /// the JSON property or query parameter (<c>contentType</c>, <c>q</c>). Those are the camel-case forms here.</summary>
    public static void NameErrorsAsSent(HttpValidationProblemDetails problem)
    {
        if (problem.Errors.Keys.All(key => key == JsonNamingPolicy.CamelCase.ConvertName(key)))
        {
            return;
        }

        var renamed = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (field, messages) in problem.Errors)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(field);
            renamed[name] = renamed.TryGetValue(name, out var earlier) ? [.. earlier, .. messages] : messages;
        }

        problem.Errors = renamed;
    }
}
