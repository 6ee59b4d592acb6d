using System.Collections;
using System.ComponentModel.DataAnnotations;

namespace MealPlanner.Api.OpenApi;

/// <summary>Each text in a list is between <paramref name="minimum"/> and <paramref name="maximum"/> characters and not
/// only white space. DataAnnotations bound a list's count but not its items; the document declares the same bounds on
/// the array's <c>items</c> (<see cref="ContractSchemas"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class ItemLengthAttribute(int minimum, int maximum) : ValidationAttribute
{
    public int Minimum { get; } = minimum;
    public int Maximum { get; } = maximum;

    public override bool IsValid(object? value) =>
        value is not IEnumerable items || items.Cast<object?>().All(item =>
            item is string text && !string.IsNullOrWhiteSpace(text) && text.Length >= Minimum && text.Length <= Maximum);

    public override string FormatErrorMessage(string name) =>
        ErrorMessage ?? $"Each of {name} must be {Minimum} to {Maximum} characters and not blank.";
}
