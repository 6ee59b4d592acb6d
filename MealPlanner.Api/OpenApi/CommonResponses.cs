using MealPlanner.Api.Hardening;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;

namespace MealPlanner.Api.OpenApi;

/// <summary>The answers every operation can give because of what runs before any endpoint (<see cref="HardeningRegistration"/>):
/// text and URL checks, header limits, the rate limit, and for a JSON body its size and content type. Declared once
/// here, from the same constants the middleware uses, rather than on each endpoint, where a new one would forget them.</summary>
internal static class CommonResponses
{
    public static void AddTo(OpenApiDocument document)
    {
        foreach (var operation in OperationsOf(document))
        {
            operation.Responses ??= [];
            Add(operation, document, StatusCodes.Status400BadRequest,
                "A value is invalid: a parameter or field out of its declared range, length or pattern, text with control " +
                "characters or invalid UTF-8 anywhere in the path, query or body, or an unreadable body. `errors` names the fields.");
            if (operation.RequestBody is not null)
            {
                Add(operation, document, StatusCodes.Status413PayloadTooLarge,
                    $"The body is over {HardeningRegistration.MaxRequestBodyBytes} bytes.");
                Add(operation, document, StatusCodes.Status415UnsupportedMediaType,
                    "The body is not sent as `application/json`.");
            }

            Add(operation, document, StatusCodes.Status414UriTooLong,
                $"The request target (path and query) is over {RequestLineLimits.MaxTargetBytes} bytes.");
            Add(operation, document, StatusCodes.Status429TooManyRequests,
                "This client sent too many requests in the current window; `Retry-After` says when to try again.",
                RetryAfter(required: true, "Seconds until the client's window reopens."));
            Add(operation, document, StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"The request headers are over {RequestLineLimits.MaxHeadersBytes} bytes in all.");
            operation.Responses = Sorted(operation.Responses);
        }
    }

    public static IEnumerable<OpenApiOperation> OperationsOf(OpenApiDocument document) =>
        document.Paths.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []);

    private static void Add(OpenApiOperation operation, OpenApiDocument document, int status, string description, OpenApiHeader? header = null)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.TryGetValue(key, out var existing))
        {
            // Declared by the endpoint's result type, which gives only the reason phrase.
            if (existing is OpenApiResponse declared && declared.Description == ReasonPhrases.GetReasonPhrase(status))
            {
                declared.Description = description;
            }

            return;
        }

        var response = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemShape.ContentType] = new() { Schema = ProblemSchemas.Reference(document, status) },
            },
        };
        if (header is not null)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader> { ["Retry-After"] = header };
        }

        operation.Responses[key] = response;
    }

    /// <summary>Gives each status an endpoint declares its description (the framework keeps only the reason phrase),
    /// and an endpoint that reads PostgreSQL says when to try again while it is down.</summary>
    public static Task DescribeEndpointResponsesAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var declared in metadata.OfType<IProducesResponseTypeMetadata>().Where(m => m.Description is not null))
        {
            if (operation.Responses?.GetValueOrDefault(declared.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)) is OpenApiResponse response)
            {
                response.Description = declared.Description;
            }
        }

        if (metadata.OfType<DatabaseDependency>().Any() &&
            operation.Responses?.GetValueOrDefault("503") is OpenApiResponse unavailable)
        {
            unavailable.Headers ??= new Dictionary<string, IOpenApiHeader>();
            unavailable.Headers["Retry-After"] = RetryAfter(required: false, "Seconds to wait, when PostgreSQL is the cause.");
        }

        return Task.CompletedTask;
    }

    private static OpenApiHeader RetryAfter(bool required, string description) => new()
    {
        Description = description,
        Required = required,
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
    };

    /// <summary>By status, so the committed document reads in order whatever order the statuses were declared in.</summary>
    private static OpenApiResponses Sorted(OpenApiResponses responses)
    {
        var sorted = new OpenApiResponses();
        foreach (var (status, response) in responses.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            sorted[status] = response;
        }

        return sorted;
    }
}
