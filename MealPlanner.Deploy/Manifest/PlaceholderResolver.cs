using System.Text;

namespace MealPlanner.Deploy.Manifest;

/// <summary>
/// Expands "{resource.path}" placeholders recursively (a connection string may reference another
/// resource's connection string, which references a parameter, ...) down to literal text and leaves.
/// A reference that cannot be resolved is an error naming both resources.
/// </summary>
public sealed class PlaceholderResolver(AspireManifest manifest)
{
    private static readonly HashSet<string> BindingProperties =
        ["host", "port", "targetPort", "scheme", "url", "protocol", "transport"];

    private readonly string _file = Path.GetFileName(manifest.SourcePath);

    /// <summary>Resolves a string found on resource <paramref name="owner"/> (for error messages).</summary>
    public ResolvedValue Resolve(string owner, string text) => new(Merge(Expand(owner, text, null, [])));

    private List<ValuePart> Expand(string owner, string text, string? filter, Stack<string> visiting)
    {
        var parts = new List<ValuePart>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('{', i);
            if (open < 0)
            {
                literal.Append(text, i, text.Length - i);
                break;
            }

            literal.Append(text, i, open - i);
            var close = text.IndexOf('}', open);
            if (close < 0)
            {
                throw Problem($"{_file}: resource '{owner}' has an unclosed placeholder in {ManifestText.Quote(text)}");
            }

            FlushLiteral(parts, literal, filter);
            parts.AddRange(ExpandReference(owner, text[(open + 1)..close], filter, visiting));
            i = close + 1;
        }

        FlushLiteral(parts, literal, filter);
        return parts;
    }

    private static void FlushLiteral(List<ValuePart> parts, StringBuilder literal, string? filter)
    {
        if (literal.Length > 0)
        {
            var text = literal.ToString();
            parts.Add(new TextPart(filter == "uri" ? Uri.EscapeDataString(text) : text));
            literal.Clear();
        }
    }

    private IEnumerable<ValuePart> ExpandReference(string owner, string reference, string? filter, Stack<string> visiting)
    {
        var segments = reference.Split('.');
        var target = manifest.Find(segments[0])
            ?? throw Problem($"{_file}: resource '{owner}' references '{{{reference}}}' but there is no resource '{segments[0]}'; add it to the AppHost or remove the reference");
        if (visiting.Contains(reference))
        {
            throw Problem($"{_file}: resource '{owner}' has a circular reference through '{{{reference}}}'");
        }

        visiting.Push(reference);
        try
        {
            return ExpandPath(owner, target, segments[1..], reference, filter, visiting);
        }
        finally
        {
            visiting.Pop();
        }
    }

    private List<ValuePart> ExpandPath(string owner, ManifestResource target, string[] path, string reference, string? filter, Stack<string> visiting)
    {
        DeployProblem Unresolvable(string why) =>
            Problem($"{_file}: resource '{owner}' references '{{{reference}}}' which cannot be resolved: {why}");

        switch (path)
        {
            case ["connectionString"]:
                return target.ConnectionString is { } connectionString
                    ? Expand(target.Name, connectionString, filter, visiting)
                    : throw Unresolvable($"'{target.Name}' has no connectionString");

            case ["value"] when target.Type == "annotated.string":
                return Expand(target.Name, target.Value ?? "", target.Filter ?? filter, visiting);

            case ["value"]:
                return target.Value is { } value
                    ? Expand(target.Name, value, filter, visiting)
                    : throw Unresolvable($"'{target.Name}' has no value");

            case ["inputs", var input] when target.IsParameter:
                return target.Inputs.ContainsKey(input)
                    ? [new ParameterPart(target.Name, input, filter)]
                    : throw Unresolvable($"parameter '{target.Name}' has no input '{input}'");

            case ["bindings", var binding, var property]:
                if (!target.Bindings.ContainsKey(binding))
                {
                    throw Unresolvable($"'{target.Name}' has no binding '{binding}' (it has: {string.Join(", ", target.Bindings.Keys)})");
                }

                return BindingProperties.Contains(property)
                    ? [new BindingPart(target.Name, binding, property, filter)]
                    : throw Unresolvable($"unknown binding property '{property}'");

            default:
                throw Unresolvable($"unsupported path '{string.Join('.', path)}'");
        }
    }

    // Placeholder text comes from the file and may hold a line break; the error must stay on one line.
    private static DeployProblem Problem(string message) => new(ManifestText.OneLine(message));

    private static List<ValuePart> Merge(List<ValuePart> parts)
    {
        var merged = new List<ValuePart>();
        foreach (var part in parts)
        {
            if (part is TextPart text && merged.Count > 0 && merged[^1] is TextPart previous)
            {
                merged[^1] = new TextPart(previous.Text + text.Text);
            }
            else if (part is not TextPart { Text.Length: 0 })
            {
                merged.Add(part);
            }
        }

        return merged;
    }
}
