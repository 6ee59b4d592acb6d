using MealPlanner.Api.Hardening;
using Microsoft.AspNetCore.Mvc;

namespace MealPlanner.Api.OpenApi;

/// <summary>Declares, on the endpoint that answers it, a problem status its handler or filter returns as a
/// <see cref="Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult"/>, whose status the framework cannot see.</summary>
public static class EndpointResponses
{
    public static TBuilder Answers<TBuilder>(this TBuilder builder, int status, string description)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(status,
            status == StatusCodes.Status400BadRequest ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails),
            [ProblemShape.ContentType])
        {
            Description = description,
        });

    /// <summary>The endpoint reads PostgreSQL: while it (or the pooler) does not answer, a 503 with <c>Retry-After</c>
    /// (<see cref="Health.DatabaseUnavailable"/>); <paramref name="orWhen"/> names another cause of the same 503.</summary>
    public static TBuilder AnswersWhileDatabaseDown<TBuilder>(this TBuilder builder, string? orWhen = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(DatabaseDependency.Instance).Answers(StatusCodes.Status503ServiceUnavailable,
            "PostgreSQL does not answer; try again after `Retry-After` seconds" + (orWhen is null ? "." : $". Also when {orWhen}."));
}

/// <summary>Marks an endpoint whose 503 can come from the database, which sends <c>Retry-After</c>.</summary>
internal sealed class DatabaseDependency
{
    public static DatabaseDependency Instance { get; } = new();
}
