using MealPlanner.Api.Hardening;
using Microsoft.OpenApi;

namespace MealPlanner.Api.OpenApi;

/// <summary>The problem documents as the API writes them (RFC 9457 plus <see cref="ProblemShape.TraceId"/>, and
/// <see cref="ProblemShape.Errors"/> on a 400), replacing the framework's schemas, which know nothing of the trace id
/// yet forbid any member they do not list.</summary>
internal static class ProblemSchemas
{
    public const string Problem = "ProblemDetails";
    public const string ValidationProblem = "HttpValidationProblemDetails";

    public static IOpenApiSchema Reference(OpenApiDocument document, int status) =>
        new OpenApiSchemaReference(status == StatusCodes.Status400BadRequest ? ValidationProblem : Problem, document);

    public static void AddTo(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[Problem] = Schema(
            "An error, as RFC 9457 problem details.", withErrors: false);
        document.Components.Schemas[ValidationProblem] = Schema(
            "A 400: RFC 9457 problem details; `errors` lists the messages by field when values were invalid, and is " +
            "absent when the request could not be read at all (malformed JSON, a wrong JSON type).", withErrors: true);
    }

    private static OpenApiSchema Schema(string description, bool withErrors)
    {
        var properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI reference naming the kind of problem; absent for statuses without one (`about:blank`)."),
            ["title"] = Text("A short summary of the kind of problem."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599", Description = "The HTTP status." },
            ["detail"] = Text("What went wrong with this request."),
            ["instance"] = Text("A URI reference for this occurrence."),
            [ProblemShape.TraceId] = Text("The request's trace id, to find its logs. Every problem the application writes has it; " +
                "only Kestrel's own rejections (a request line over 9 KiB, headers over 32 KiB, unparsable framing) come without."),
        };
        if (withErrors)
        {
            properties[ProblemShape.Errors] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Messages by field (a parameter or JSON property name).",
                AdditionalProperties = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            };
        }

        return new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = description,
            Required = new HashSet<string> { "title", "status" },
            Properties = properties,
            AdditionalPropertiesAllowed = false,
        };
    }

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };
}
