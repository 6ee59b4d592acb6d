using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MealPlanner.Tests.Platform;

namespace MealPlanner.Tests.Api;

/// <summary>Uploads through presigned URLs to the real S3 emulator, then attach: checked, moved, served publicly.</summary>
[Collection(PlatformCollection.Name)]
public sealed class ImageTests(PlatformFixture platform)
{
    private const string LentilSoup = "5a3f1c52-0b6e-4f1a-9c3e-000000000004";

    /// <summary>A real 1x1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0xFF, 0xD9];

    [Fact]
    public async Task An_image_uploaded_to_the_presigned_url_is_attached_under_the_recipe_and_served_from_the_public_url()
    {
        using var http = ApiClient.Create(platform);
        using var anonymous = new HttpClient();
        var before = await http.GetFromJsonAsync<JsonElement>($"/api/recipes/{LentilSoup}"); // now cached

        var ticket = await RequestUploadAsync(http, "image/png", Png.Length);
        using var put = await UploadAsync(anonymous, ticket, Png, "image/png");
        using var attach = await http.PostAsJsonAsync($"/api/recipes/{LentilSoup}/images", new { key = ticket.GetProperty("key").GetString() });
        Assert.True(attach.IsSuccessStatusCode, await attach.Content.ReadAsStringAsync());
        var attached = await attach.ReadJsonAsync();
        var url = attached.GetProperty("url").GetString()!;
        var served = await anonymous.GetAsync(url);
        using var tempAfter = await anonymous.GetAsync(TempUrl(url, ticket.GetProperty("key").GetString()!));
        var after = await http.GetFromJsonAsync<JsonElement>($"/api/recipes/{LentilSoup}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, attach.StatusCode);
        Assert.StartsWith($"recipes/{LentilSoup}/", attached.GetProperty("key").GetString());
        Assert.EndsWith(".png", url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal(Png, await served.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, tempAfter.StatusCode);
        Assert.NotEqual(url, before.GetProperty("imageUrl").GetString());
        Assert.Equal(url, after.GetProperty("imageUrl").GetString()); // the cached entry was invalidated
    }

    [Fact]
    public async Task The_upload_ticket_is_a_presigned_put_for_a_new_temp_key_bound_to_the_content_type()
    {
        using var http = ApiClient.Create(platform);

        var ticket = await RequestUploadAsync(http, "image/webp", 1000);

        Assert.Matches("^temp/[0-9a-f]{32}$", ticket.GetProperty("key").GetString());
        Assert.Equal("PUT", ticket.GetProperty("method").GetString());
        Assert.Equal("image/webp", ticket.GetProperty("headers").GetProperty("Content-Type").GetString());
        var url = new Uri(ticket.GetProperty("uploadUrl").GetString()!);
        Assert.Contains(ticket.GetProperty("key").GetString()!, url.AbsolutePath);
        Assert.Contains("X-Amz-Signature=", url.Query);
        Assert.Contains("content-type", Uri.UnescapeDataString(url.Query));
        Assert.True(ticket.GetProperty("maxBytes").GetInt64() > 0);
    }

    public static TheoryData<string, string, int> Unacceptable => new()
    {
        { "text", "image/png", 422 },     // not an image at all
        { "jpeg", "image/png", 422 },     // a real JPEG declared as PNG
        { "huge-png", "image/png", 413 }, // a PNG over the size limit
    };

    [Theory]
    [MemberData(nameof(Unacceptable))]
    public async Task An_upload_that_is_not_what_it_claims_or_too_large_is_refused_and_not_attached(string content, string declared, int status)
    {
        using var http = ApiClient.Create(platform);
        using var anonymous = new HttpClient();
        var bytes = content switch
        {
            "text" => "definitely not a picture"u8.ToArray(),
            "jpeg" => Jpeg,
            _ => [.. Png, .. new byte[5 * 1024 * 1024]],
        };
        var ticket = await RequestUploadAsync(http, declared, Math.Min(bytes.Length, 1000));
        using var put = await UploadAsync(anonymous, ticket, bytes, declared);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        using var attach = await http.PostAsJsonAsync($"/api/recipes/{RecipeTests.Bolognese}/images", new { key = ticket.GetProperty("key").GetString() });

        await attach.AssertProblemAsync((HttpStatusCode)status);
        var recipe = await http.GetFromJsonAsync<JsonElement>($"/api/recipes/{RecipeTests.Bolognese}");
        Assert.Equal(JsonValueKind.Null, recipe.GetProperty("imageUrl").ValueKind);
    }

    private static async Task<JsonElement> RequestUploadAsync(HttpClient http, string contentType, long size)
    {
        using var response = await http.PostAsJsonAsync("/api/images/uploads", new { contentType, size });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient http, JsonElement ticket, byte[] bytes, string contentType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await http.PutAsync(ticket.GetProperty("uploadUrl").GetString(), content);
    }

    /// <summary>The public URL the temp key would have: the attached URL with its key swapped.</summary>
    private static string TempUrl(string attachedUrl, string tempKey) =>
        attachedUrl[..attachedUrl.IndexOf("/recipes/", StringComparison.Ordinal)] + "/" + tempKey;
}
