using System.Text.RegularExpressions;
using MealPlanner.Api.OpenApi;

namespace MealPlanner.Api.Tests.OpenApi;

public class ItemLengthAttributeTests
{
    private static readonly ItemLengthAttribute OneToFive = new(1, 5);

    [Fact]
    public void A_list_of_texts_within_the_bounds_is_valid()
    {
        Assert.True(OneToFive.IsValid(new[] { "a", "abcde" }));
        Assert.True(OneToFive.IsValid(Array.Empty<string>()));
        Assert.True(OneToFive.IsValid(null)); // Required says whether the list must be there
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("abcdef")]
    public void One_blank_or_too_long_item_makes_the_list_invalid(string item) =>
        Assert.False(OneToFive.IsValid(new[] { "ok", item }));

    [Theory]
    [InlineData("vegan", true)]
    [InlineData(" a ", true)]
    [InlineData(" ", false)]
    [InlineData("\t\n", false)]
    [InlineData("", false)]
    [InlineData("a\u0001", false)]
    public void The_declared_item_pattern_refuses_blank_text_and_control_characters(string item, bool accepted) =>
        Assert.Equal(accepted, Regex.IsMatch(item, ContractSchemas.NonBlankPattern, RegexOptions.ECMAScript));
}
