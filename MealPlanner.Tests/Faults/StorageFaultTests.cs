using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using MealPlanner.Tests.Api;
using MealPlanner.Tests.Platform;

namespace MealPlanner.Tests.Faults;

/// <summary>The image store stopped: attaching an upload answers 503 problem+json with Retry-After (the request was
/// fine; the upload can be attached later), never a 500, and works again once the store is back.</summary>
[Collection(PlatformCollection.Name)]
public sealed class StorageFaultTests(PlatformFixture platform)
{
    /// <summary>The S3 client's own bound (5 s a try, one retry) with room for a loaded machine.</summary>
    private static readonly TimeSpan AnswerBound = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task With_the_image_store_stopped_an_attach_answers_503_problem_and_after_the_restart_the_store_answers_again()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var http = ApiClient.CreateAsOwnClient(platform);
        var attach = $"/api/recipes/{RecipeTests.Bolognese}/images";
        var neverUploaded = new { key = $"temp/{Guid.NewGuid():N}" };

        await platform.StopAsync("storage", cts.Token);
        try
        {
            var clock = Stopwatch.StartNew();
            using var stopped = await http.PostAsJsonAsync(attach, neverUploaded, cts.Token);
            clock.Stop();

            Assert.Equal(HttpStatusCode.ServiceUnavailable, stopped.StatusCode);
            Assert.Equal("application/problem+json", stopped.Content.Headers.ContentType?.MediaType);
            Assert.True(stopped.Headers.RetryAfter is not null, "a 503 says when to try again");
            Assert.Contains("Image storage unavailable", await stopped.Content.ReadAsStringAsync(cts.Token));
            Assert.True(clock.Elapsed < AnswerBound, $"the 503 took {clock.Elapsed.TotalSeconds:0.0} s");
        }
        finally
        {
            await platform.StartAgainAsync("storage", cts.Token);
        }

        // The store answers again: the same request now gets the store's own answer, "nothing uploaded there".
        using var back = await http.PostAsJsonAsync(attach, neverUploaded, cts.Token);
        Assert.Equal(HttpStatusCode.NotFound, back.StatusCode);
    }
}
