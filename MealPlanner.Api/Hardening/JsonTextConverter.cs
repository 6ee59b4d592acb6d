using System.Text.Json;
using System.Text.Json.Serialization;

namespace MealPlanner.Api.Hardening;

/// <summary>Applies <see cref="TextRule"/> to every string in every JSON body, as the serializer reads it: the one
/// place all body text passes, whatever record or list it ends up in. A breach is a <see cref="JsonException"/>, which
/// request binding reports as a 400 naming the field, like any other unreadable JSON.</summary>
internal sealed class JsonTextConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string? text;
        try
        {
            text = reader.GetString();
        }
        catch (InvalidOperationException invalid)
        {
            // Invalid UTF-8 or a lone surrogate escape: the reader says so with an exception binding would call a 500.
            throw new JsonException(invalid.Message, invalid);
        }

        return text is null || TextRule.IsAcceptable(text) ? text : throw new JsonException($"The text {TextRule.Reason}.");
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
