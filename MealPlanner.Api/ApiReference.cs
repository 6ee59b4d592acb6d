using Scalar.AspNetCore;

namespace MealPlanner.Api;

internal static class ApiReference
{
    /// <summary>Scalar's UI over the OpenAPI document, at <c>/scalar</c>; Development only.</summary>
    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder routes)
    {
        routes.MapScalarApiReference();
        return routes;
    }
}
