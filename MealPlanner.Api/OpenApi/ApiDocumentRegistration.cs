using Microsoft.OpenApi;

namespace MealPlanner.Api.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> (Development), committed as <c>docs/api/openapi.json</c>.
/// Each endpoint declares its own answers and its parameters' rules (attributes that validation enforces too); what
/// applies to every endpoint, and what describes the API as a whole, is added here.</summary>
public static class ApiDocumentRegistration
{
    public static IHostApplicationBuilder AddApiDocument(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer(ContractSchemas.ApplyAsync);
            options.AddOperationTransformer(CommonResponses.DescribeEndpointResponsesAsync);
            options.AddDocumentTransformer((document, _, _) =>
            {
                DescribeApi(document);
                ProblemSchemas.AddTo(document);
                CommonResponses.AddTo(document);
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    internal static void DescribeApi(OpenApiDocument document)
    {
        document.Info.Title = "Meal Planner API";
        document.Info.Version = "v1";
        document.Info.Description =
            "Recipes to browse, recipe images uploaded straight to storage, and session preferences. Every error is " +
            "`application/problem+json` (RFC 9457) with a `traceId`; every client is rate limited (`429` with `Retry-After`).";
        document.Info.Contact = new OpenApiContact { Name = "Meal Planner API maintainers" };
        // One relative server: the document is served by the API it describes (the AppHost's port locally, the
        // load balancer's name in AWS), so clients resolve it against where they fetched it from. A host and port
        // taken from the request would make the committed document differ per machine.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that served this document." }];
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Recipes", Description = "Browse and read recipes (read-only)." },
            new() { Name = "Images", Description = "Upload an image to storage with a presigned URL, then attach it to a recipe." },
            new() { Name = "Session", Description = "Preferences kept in the session cookie's server-side session." },
            new() { Name = "Operations", Description = "Which build is running." },
        };
        foreach (var parameter in CommonResponses.OperationsOf(document)
            .SelectMany(operation => operation.Parameters ?? [])
            .OfType<OpenApiParameter>()
            .Where(parameter => parameter is { Name: "id", In: ParameterLocation.Path, Description: null }))
        {
            parameter.Description = "The recipe's id, a UUID; anything else is a 400.";
        }
    }
}
