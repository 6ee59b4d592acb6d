using System.Reflection;
using MealPlanner.Api.Images;
using MealPlanner.Api.OpenApi;

namespace MealPlanner.Api.Tests.Images;

public class ImageRequestsTests
{
    [Theory]
    [InlineData("image/png", 1)]
    [InlineData("image/gif", 100)]             // valid here: the endpoint answers an unsupported type with 415
    [InlineData("image/png", long.MaxValue)]   // valid here: the endpoint answers over the configured limit with 413
    public void An_upload_request_with_a_type_and_a_positive_size_passes_validation(string contentType, long size) =>
        Assert.Empty(Validation.FailingMembers(new UploadRequest(contentType, size)));

    [Theory]
    [InlineData(null, 100, "ContentType")]
    [InlineData(" ", 100, "ContentType")]
    [InlineData("image/png", 0, "Size")]
    [InlineData("image/png", -5, "Size")]
    public void An_upload_request_without_a_type_or_with_a_size_below_1_is_refused(string? contentType, long size, string member) =>
        Assert.Equal([member], Validation.FailingMembers(new UploadRequest(contentType!, size)));

    [Fact]
    public void The_types_the_document_lists_are_the_types_the_api_takes()
    {
        var documented = typeof(UploadRequest).GetProperty(nameof(UploadRequest.ContentType))!
            .GetCustomAttribute<DocumentedValuesAttribute>()!.Values;

        Assert.Equal(ImageType.All.Select(t => t.ContentType).Order(), documented.Order());
    }

    [Fact]
    public void A_key_the_api_hands_out_is_accepted_for_attaching()
    {
        var key = ImageKeys.NewTemp();

        Assert.Empty(Validation.FailingMembers(new AttachRequest(key)));
        Assert.True(ImageKeys.TryParseTemp(key, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("../recipes/secret")]
    [InlineData("temp/0123456789ABCDEF0123456789ABCDEF")] // upper case: never handed out
    [InlineData("temp/0123456789abcdef0123456789abcdef/x")]
    [InlineData("recipes/0123456789abcdef0123456789abcdef")]
    public void Any_other_key_is_refused_as_the_key_parser_refuses_it(string? key)
    {
        Assert.Equal(["Key"], Validation.FailingMembers(new AttachRequest(key!)));
        Assert.False(ImageKeys.TryParseTemp(key, out _));
    }
}
