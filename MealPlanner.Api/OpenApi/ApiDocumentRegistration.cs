using Microsoft.OpenApi;

namespace MealPlanner.Api.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c>, committed as <c>docs/api/openapi.json</c>. What the
/// framework cannot see from the endpoints themselves (the document's own description, the servers) is added here;
/// everything an endpoint answers is declared on that endpoint.</summary>
public static class ApiDocumentRegistration
{
    public static IHostApplicationBuilder AddApiDocument(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            DescribeApi(document);
            return Task.CompletedTask;
        }));
        return builder;
    }

    internal static void DescribeApi(OpenApiDocument document)
    {
        document.Info.Title = "Meal Planner API";
        document.Info.Version = "v1";
        // One relative server: the document is served by the API it describes (the AppHost's port locally, the
        // load balancer's name in AWS), so clients resolve it against where they fetched it from. A host and port
        // taken from the request would make the committed document differ per machine.
        document.Servers = [new OpenApiServer { Url = "/", Description = "The host that served this document." }];
    }
}
