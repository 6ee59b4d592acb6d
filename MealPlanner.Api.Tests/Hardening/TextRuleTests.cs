using System.Text.RegularExpressions;
using MealPlanner.Api.Hardening;

namespace MealPlanner.Api.Tests.Hardening;

/// <summary>The pattern the OpenAPI document declares for text says what <see cref="TextRule.IsAcceptable"/> decides.</summary>
public class TextRuleTests
{
    public static TheoryData<string> Samples => new()
    {
        "", "Spaghetti Bolognese", "line\nbreak", "tab\there", "crlf\r\n", "ünïcödé 🍝",
        "nul\0", "bell\a", "escape\u001b", "del\u007f", "vertical\vtab", "form\ffeed", "\u0001",
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_declared_pattern_accepts_exactly_the_text_the_rule_accepts(string text) =>
        Assert.Equal(TextRule.IsAcceptable(text), Regex.IsMatch(text, TextRule.Pattern, RegexOptions.ECMAScript));

    [Fact]
    public void A_lone_surrogate_is_refused() => Assert.False(TextRule.IsAcceptable("a\ud800b"));
}
