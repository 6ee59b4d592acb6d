namespace MealPlanner.Deploy.Manifest;

/// <summary>
/// A manifest string after placeholder resolution: literal text and the leaves it depends on
/// (an endpoint property or a parameter input). The mapping layer swaps each leaf for its AWS value.
/// </summary>
public abstract record ValuePart;

public sealed record TextPart(string Text) : ValuePart;

/// <summary>{resource.bindings.name.property}: host, port, targetPort, scheme, url, ...</summary>
public sealed record BindingPart(string Resource, string Binding, string Property, string? Filter) : ValuePart;

/// <summary>{parameter.inputs.name}: the value of a parameter, possibly URI-encoded by an annotated.string.</summary>
public sealed record ParameterPart(string Parameter, string Input, string? Filter) : ValuePart;

public sealed record ResolvedValue(IReadOnlyList<ValuePart> Parts)
{
    public IEnumerable<string> ReferencedResources => Parts.Select(p => p switch
    {
        BindingPart b => b.Resource,
        ParameterPart p2 => p2.Parameter,
        _ => null,
    }).OfType<string>().Distinct();

    public string LiteralText => string.Concat(Parts.OfType<TextPart>().Select(t => t.Text));

    public override string ToString() => string.Concat(Parts.Select(p => p switch
    {
        TextPart t => t.Text,
        BindingPart b => $"{{{b.Resource}.bindings.{b.Binding}.{b.Property}}}",
        ParameterPart p2 => $"{{{p2.Parameter}.inputs.{p2.Input}}}",
        _ => "",
    }));
}
