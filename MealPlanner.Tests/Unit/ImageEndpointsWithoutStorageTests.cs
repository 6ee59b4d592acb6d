using MealPlanner.Api.Images;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace MealPlanner.Tests.Unit;

/// <summary>Without a usable ConnectionStrings:storage the image endpoints answer 503 before their handler (which would
/// need the S3 client) runs; with one, the handler runs.</summary>
public sealed class ImageEndpointsWithoutStorageTests
{
    [Fact]
    public async Task A_missing_store_is_a_503_problem_and_the_handler_never_runs()
    {
        var context = Invocation(ImageStorageConfiguration.From(null));

        var result = await ImageEndpoints.RequireConfiguredStorage(context, _ => throw new InvalidOperationException("handler must not run"));

        var problem = Assert.IsType<ProblemHttpResult>(result);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problem.StatusCode);
    }

    [Fact]
    public async Task A_configured_store_lets_the_handler_run()
    {
        var context = Invocation(ImageStorageConfiguration.From("Region=us-east-1;Bucket=images;PublicBaseUrl=https://cdn.example.com"));

        var result = await ImageEndpoints.RequireConfiguredStorage(context, _ => ValueTask.FromResult<object?>("handled"));

        Assert.Equal("handled", result);
    }

    private static EndpointFilterInvocationContext Invocation(ImageStorageConfiguration storage) =>
        EndpointFilterInvocationContext.Create(new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddSingleton(storage).BuildServiceProvider(),
        });
}
