namespace MealPlanner.Api.Hardening;

/// <summary>What any text this API accepts must be: well-formed Unicode with no control characters except tab, line
/// feed and carriage return. No recipe title, tag, key or preference is ever anything else, and the rest are a hazard
/// downstream: PostgreSQL refuses a NUL in text (Npgsql throws, which was a 500), and a lone surrogate cannot be
/// encoded as UTF-8 for the database or Redis. Checked once where text enters (URL and JSON), not in each feature.</summary>
public static class TextRule
{
    public static bool IsAcceptable(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < ' ' ? c is not ('\t' or '\n' or '\r') : c == '\u007f')
            {
                return false;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    public const string Reason = "must be valid text without control characters";

    /// <summary>The rule as a JSON Schema pattern (ECMA-262), for the OpenAPI document: no C0 control character but tab,
    /// line feed and carriage return, no DEL. Lone surrogates need no pattern: JSON and UTF-8 cannot carry them.</summary>
    public const string Pattern = @"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$";
}
