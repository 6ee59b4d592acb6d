using MealPlanner.Api.Sessions;
using Preferences = MealPlanner.Api.Sessions.PreferenceEndpoints.Preferences;

namespace MealPlanner.Api.Tests.Sessions;

public class PreferencesTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Validation.FailingMembers(Preferences.Default));

    [Fact]
    public void Both_unit_systems_and_the_bounds_of_servings_and_tags_are_valid()
    {
        var tags = Enumerable.Range(0, PreferenceEndpoints.MaxDietaryTags).Select(i => new string('t', i == 0 ? PreferenceEndpoints.MaxDietaryTagLength : 1)).ToList();

        Assert.Empty(Validation.FailingMembers(new Preferences("metric", 1, tags)));
        Assert.Empty(Validation.FailingMembers(new Preferences("imperial", PreferenceEndpoints.MaxServings, [])));
    }

    [Theory]
    [InlineData("kelvin")]
    [InlineData("Metric")] // the document lists the values exactly; no case folding
    [InlineData("")]
    [InlineData(null)]
    public void Units_other_than_metric_or_imperial_are_refused(string? units) =>
        Assert.Equal(["Units"], Validation.FailingMembers(new Preferences(units!, 2, [])));

    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public void Servings_outside_1_to_20_are_refused(int servings) =>
        Assert.Equal(["Servings"], Validation.FailingMembers(new Preferences("metric", servings, [])));

    public static TheoryData<string[]?> BadTags => new()
    {
        null,
        Enumerable.Repeat("vegan", 11).ToArray(), // more than 10
        new[] { "" },
        new[] { "   " },
        new[] { new string('t', 31) },
    };

    [Theory]
    [MemberData(nameof(BadTags))]
    public void Dietary_tags_beyond_ten_blank_or_longer_than_30_are_refused(string[]? tags) =>
        Assert.Equal(["DietaryTags"], Validation.FailingMembers(new Preferences("metric", 2, tags!)));
}
