using MealPlanner.Api.Recipes;

namespace MealPlanner.Api.Tests.Recipes;

public class RecipeListParametersTests
{
    [Fact]
    public void No_parameters_ask_for_the_first_page_of_twenty()
    {
        var parameters = new RecipeListParameters();

        Assert.Empty(Validation.FailingMembers(parameters));
        Assert.Equal(new RecipeQuery(RecipeQuery.DefaultLimit, null, null, null), parameters.ToQuery());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    public void A_limit_from_1_to_100_is_valid(int limit) =>
        Assert.Empty(Validation.FailingMembers(new RecipeListParameters { Limit = limit }));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(101)]
    [InlineData(int.MaxValue)]
    public void A_limit_outside_1_to_100_is_refused(int limit) =>
        Assert.Equal(["Limit"], Validation.FailingMembers(new RecipeListParameters { Limit = limit }));

    [Fact]
    public void Tag_and_search_must_be_1_to_their_maximum_length()
    {
        Assert.Empty(Validation.FailingMembers(new RecipeListParameters { Tag = new string('t', 50), Q = new string('q', 100) }));
        Assert.Equal(["Tag", "Q"], Validation.FailingMembers(new RecipeListParameters { Tag = new string('t', 51), Q = new string('q', 101) }));
        Assert.Equal(["Tag", "Q"], Validation.FailingMembers(new RecipeListParameters { Tag = "", Q = "" }));
    }

    [Fact]
    public void A_cursor_the_api_returned_is_valid_and_becomes_the_position_to_continue_from()
    {
        var position = new RecipeCursor(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), Guid.NewGuid());
        var parameters = new RecipeListParameters { Cursor = position.Encode(), Tag = "Vegan", Q = "Soup", Limit = 5 };

        Assert.Empty(Validation.FailingMembers(parameters));
        Assert.Equal(new RecipeQuery(5, "vegan", "Soup", position), parameters.ToQuery());
    }

    [Theory]
    [InlineData("bm90LWEtY3Vyc29y")] // base64url of "not-a-cursor": the right alphabet, not a position
    [InlineData("a+b/c=")]           // not base64url
    [InlineData("")]
    public void A_cursor_the_api_did_not_return_is_refused(string cursor) =>
        Assert.Equal(["Cursor"], Validation.FailingMembers(new RecipeListParameters { Cursor = cursor }));

    [Fact]
    public void The_longest_cursor_the_api_makes_fits_the_declared_length_and_pattern()
    {
        var latest = new RecipeCursor(DateTimeOffset.MaxValue, Guid.NewGuid()).Encode();

        Assert.InRange(latest.Length, 1, RecipeListParameters.MaxCursorLength);
        Assert.Matches(RecipeListParameters.CursorPattern, latest);
    }
}
