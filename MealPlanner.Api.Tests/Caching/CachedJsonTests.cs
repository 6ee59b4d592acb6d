using System.Text;
using MealPlanner.Api.Caching;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace MealPlanner.Api.Tests.Caching;

/// <summary>A cached body is written as it was stored, and the endpoint still documents the typed 200 that
/// <c>Ok&lt;T&gt;</c> documented, so the OpenAPI document does not change with the cache.</summary>
public class CachedJsonTests
{
    private sealed record Sample(string Name);

    [Fact]
    public async Task The_stored_bytes_are_the_body_as_json_with_its_length()
    {
        var json = Encoding.UTF8.GetBytes("""{"name":"bolognese"}""");
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        await new CachedJson<Sample>(json).ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
        Assert.Equal(json.Length, context.Response.ContentLength);
        Assert.Equal(json, body.ToArray());
    }

    [Fact]
    public void It_declares_the_same_200_response_as_ok_of_the_same_type()
    {
        Assert.Equal(Declared<Ok<Sample>>(), Declared<CachedJson<Sample>>());
        Assert.Equal([(200, typeof(Sample), "application/json")], Declared<CachedJson<Sample>>());
    }

    private static List<(int Status, Type? Type, string ContentTypes)> Declared<TResult>() where TResult : IEndpointMetadataProvider
    {
        var builder = new RouteEndpointBuilder(_ => Task.CompletedTask, RoutePatternFactory.Parse("/"), 0);
        TResult.PopulateMetadata(typeof(CachedJsonTests).GetMethod(nameof(Declared), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!, builder);
        return [.. builder.Metadata.OfType<IProducesResponseTypeMetadata>().Select(m => (m.StatusCode, m.Type, string.Join(",", m.ContentTypes)))];
    }
}
