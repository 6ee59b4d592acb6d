using System.Net;
using System.Net.Http.Headers;
using Aspire.Hosting.Testing;
using MealPlanner.Client;
using MealPlanner.Client.Models;
using MealPlanner.Tests.Platform;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace MealPlanner.Tests.Api;

/// <summary>The API through the client Kiota generates from docs/api/openapi.json: what the document promises is what a
/// typed client gets, answers and problems alike.</summary>
[Collection(PlatformCollection.Name)]
public sealed class GeneratedClientTests(PlatformFixture platform) : IDisposable
{
    /// <summary>A recipe no other test changes the image of.</summary>
    private static readonly Guid VegetableOmelette = Guid.Parse("5a3f1c52-0b6e-4f1a-9c3e-000000000007");

    /// <summary>A real 1x1 PNG.</summary>
    internal static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private readonly HttpClient _http = ApiClient.CreateAsOwnClient(platform, new CookieContainer());

    private MealPlannerClient Client => CreateClient(_http, platform.App.GetEndpoint("api", "http"));

    /// <summary>The generated client over a given HttpClient (no Kiota middleware: no retries, no redirects), so a
    /// test sees what the API answered.</summary>
    internal static MealPlannerClient CreateClient(HttpClient http, Uri baseAddress) =>
        new(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = baseAddress.GetLeftPart(UriPartial.Authority),
        });

    [Fact]
    public async Task Paging_with_the_cursor_returns_every_recipe_once_newest_first()
    {
        var all = await Client.Api.Recipes.GetAsync(c => c.QueryParameters.Limit = 100);
        var paged = new List<RecipeSummary>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await Client.Api.Recipes.GetAsync(c =>
            {
                c.QueryParameters.Limit = 3;
                c.QueryParameters.Cursor = cursor;
            });
            Assert.NotNull(page?.Items);
            Assert.InRange(page.Items.Count, 1, 3);
            paged.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null && pages < 100);

        Assert.NotNull(all?.Items);
        Assert.True(all.Items.Count > 3, "the seed has more than one page of 3");
        Assert.Null(all.NextCursor);
        Assert.Equal(all.Items.Select(r => r.Id), paged.Select(r => r.Id));
        Assert.Equal((all.Items.Count + 2) / 3, pages);
        Assert.All(paged, r => Assert.False(string.IsNullOrEmpty(r.Title)));
    }

    [Fact]
    public async Task Tag_and_title_filters_narrow_the_listing()
    {
        var all = (await Client.Api.Recipes.GetAsync(c => c.QueryParameters.Limit = 100))!.Items!;
        var tag = all.SelectMany(r => r.Tags!).GroupBy(t => t).OrderBy(g => g.Count()).First(g => g.Count() < all.Count).Key;
        var word = all[0].Title!.Split(' ')[0];

        var tagged = (await Client.Api.Recipes.GetAsync(c => c.QueryParameters.Tag = tag))!.Items!;
        var found = (await Client.Api.Recipes.GetAsync(c => c.QueryParameters.Q = word.ToUpperInvariant()))!.Items!;

        Assert.Equal(all.Where(r => r.Tags!.Contains(tag)).Select(r => r.Id), tagged.Select(r => r.Id));
        Assert.Equal(all.Where(r => r.Title!.Contains(word, StringComparison.OrdinalIgnoreCase)).Select(r => r.Id), found.Select(r => r.Id));
        Assert.NotEmpty(found);
    }

    [Fact]
    public async Task A_recipe_by_id_has_its_ingredients_and_nutrition()
    {
        var summary = (await Client.Api.Recipes.GetAsync(c => c.QueryParameters.Limit = 1))!.Items![0];

        var recipe = await Client.Api.Recipes[summary.Id!.Value].GetAsync();

        Assert.NotNull(recipe);
        Assert.Equal(summary.Id, recipe.Id);
        Assert.Equal(summary.Title, recipe.Title);
        Assert.NotEmpty(recipe.Ingredients!);
        Assert.All(recipe.Ingredients!, line => Assert.False(string.IsNullOrEmpty(line.Name)));
        Assert.NotNull(recipe.PerServing);
    }

    [Fact]
    public async Task An_unknown_id_raises_the_typed_not_found_problem()
    {
        var problem = await Assert.ThrowsAsync<ProblemDetails>(() => Client.Api.Recipes[Guid.NewGuid()].GetAsync());

        Assert.Equal(404, problem.ResponseStatusCode);
        Assert.Equal(404, problem.Status);
        Assert.False(string.IsNullOrEmpty(problem.Title));
        Assert.False(string.IsNullOrEmpty(problem.TraceId));
    }

    [Fact]
    public async Task An_invalid_limit_raises_the_typed_validation_problem_naming_the_parameter()
    {
        var problem = await Assert.ThrowsAsync<HttpValidationProblemDetails>(() =>
            Client.Api.Recipes.GetAsync(c => c.QueryParameters.Limit = 101));

        Assert.Equal(400, problem.ResponseStatusCode);
        Assert.False(string.IsNullOrEmpty(problem.TraceId));
        Assert.Contains("limit", problem.Errors!.AdditionalData.Keys);
    }

    [Fact]
    public async Task An_image_uploaded_with_the_ticket_is_attached_and_shown_on_the_recipe()
    {
        var ticket = await Client.Api.Images.Uploads.PostAsync(new UploadRequest { ContentType = UploadRequest_contentType.ImagePng, Size = Png.Length });
        Assert.NotNull(ticket);
        Assert.Equal("PUT", ticket.Method);
        Assert.Equal(HttpStatusCode.OK, await UploadAsync(ticket, Png, "image/png"));

        var attached = await Client.Api.Recipes[VegetableOmelette].Images.PostAsync(new AttachRequest { Key = ticket.Key });
        var recipe = await Client.Api.Recipes[VegetableOmelette].GetAsync();

        Assert.NotNull(attached);
        Assert.Equal("image/png", attached.ContentType);
        Assert.Equal(Png.Length, attached.Size);
        Assert.StartsWith($"recipes/{VegetableOmelette}/", attached.Key);
        Assert.Equal(attached.Url, recipe!.ImageUrl);
    }

    [Fact]
    public async Task An_upload_ticket_for_too_large_a_file_raises_the_typed_problem()
    {
        // A wrong type is not sendable here: the document's enum of image types is the property's type (the
        // conformance test sends a GIF raw and checks the 415 against the document).
        var tooLarge = await Assert.ThrowsAsync<ProblemDetails>(() => Client.Api.Images.Uploads.PostAsync(
            new UploadRequest { ContentType = UploadRequest_contentType.ImagePng, Size = 5 * 1024 * 1024 + 1 }));

        Assert.Equal(413, tooLarge.ResponseStatusCode);
        Assert.Equal(413, tooLarge.Status);
        Assert.False(string.IsNullOrEmpty(tooLarge.Title));
        Assert.False(string.IsNullOrEmpty(tooLarge.TraceId));
    }

    [Fact]
    public async Task Session_preferences_written_are_read_back()
    {
        var written = await Client.Api.Session.Preferences.PutAsync(
            new Preferences { Units = Preferences_units.Imperial, Servings = 3, DietaryTags = ["vegetarian", "nut-free"] });
        var read = await Client.Api.Session.Preferences.GetAsync();

        Assert.NotNull(read);
        Assert.Equal(Preferences_units.Imperial, read.Units);
        Assert.Equal(3, read.Servings);
        Assert.Equal(["vegetarian", "nut-free"], read.DietaryTags!);
        Assert.Equal(written!.Units, read.Units);
    }

    /// <summary>PUTs the bytes straight to the presigned URL, as a browser would: they never pass through the API.</summary>
    internal static async Task<HttpStatusCode> UploadAsync(UploadTicket ticket, byte[] bytes, string contentType)
    {
        using var anonymous = new HttpClient();
        using var put = new HttpRequestMessage(HttpMethod.Put, ticket.UploadUrl) { Content = new ByteArrayContent(bytes) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var stored = await anonymous.SendAsync(put);
        return stored.StatusCode;
    }

    public void Dispose() => _http.Dispose();
}
