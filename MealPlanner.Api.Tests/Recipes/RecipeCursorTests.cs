using System.Text;
using MealPlanner.Api.Recipes;

namespace MealPlanner.Api.Tests.Recipes;

public class RecipeCursorTests
{
    [Fact]
    public void A_cursor_decodes_to_the_position_it_was_encoded_from()
    {
        var cursor = new RecipeCursor(new DateTimeOffset(2026, 11, 26, 9, 30, 15, 123, TimeSpan.Zero), Guid.NewGuid());

        Assert.True(RecipeCursor.TryDecode(cursor.Encode(), out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("MTIzNDU")] // "12345": no separator
    public void Text_that_is_not_a_cursor_is_refused(string text) =>
        Assert.False(RecipeCursor.TryDecode(text, out _));

    [Fact]
    public void Ticks_beyond_the_last_representable_date_are_refused()
    {
        var text = Convert.ToBase64String(Encoding.ASCII.GetBytes($"3155378976000000000_{Guid.NewGuid():N}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        Assert.False(RecipeCursor.TryDecode(text, out _));
    }

    [Fact]
    public void A_cursor_longer_than_100_characters_is_refused_before_decoding() =>
        Assert.False(RecipeCursor.TryDecode(new string('A', 101), out _));
}
