using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace MealPlanner.Deploy.Manifest;

/// <summary>
/// Puts manifest text into an error message. The deployer's errors are one line on stderr, so any text that
/// came from the file (a value, a key, a placeholder) is escaped the way JSON writes it, and long values are cut.
/// </summary>
internal static partial class ManifestText
{
    private const int LongestQuotedValue = 60;

    /// <summary>The text with line breaks and other control characters written as JSON escapes.</summary>
    public static string OneLine(string text)
    {
        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when NeedsEscape(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>"text" in JSON quotes, cut after a few dozen characters.</summary>
    public static string Quote(string text)
    {
        var cut = text.Length > LongestQuotedValue ? text[..LongestQuotedValue] + "..." : text;
        return $"\"{OneLine(cut.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal))}\"";
    }

    /// <summary>What a JSON value is, for "must be X (got Y)".</summary>
    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"string {Quote(value.GetString()!)}",
        JsonValueKind.Number => $"number {Cut(value.GetRawText())}",
        JsonValueKind.True => "boolean true",
        JsonValueKind.False => "boolean false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString(),
    };

    /// <summary>parent.name, or parent["odd name"] when the name would make the path ambiguous.</summary>
    public static string PathTo(string parent, string name) =>
        PlainName().IsMatch(name) ? $"{parent}.{name}" : $"{parent}[{Quote(name)}]";

    public static string PathTo(string parent, int index) => $"{parent}[{index.ToString(CultureInfo.InvariantCulture)}]";

    private static string Cut(string text) => text.Length > LongestQuotedValue ? text[..LongestQuotedValue] + "..." : text;

    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex PlainName();
}
