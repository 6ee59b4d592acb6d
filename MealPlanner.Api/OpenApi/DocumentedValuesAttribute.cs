namespace MealPlanner.Api.OpenApi;

/// <summary>The values the document lists (<c>enum</c>) for a text the endpoint checks itself, because a value outside
/// them earns its own status rather than the validation 400 (an image type the API does not take is a 415).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class DocumentedValuesAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}
