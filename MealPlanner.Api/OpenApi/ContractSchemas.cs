using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using MealPlanner.Api.Hardening;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MealPlanner.Api.OpenApi;

/// <summary>What the framework's schemas leave out, taken from the same attributes and rules that decide requests:
/// <list type="bullet">
/// <item>every string is <c>type: string</c>: the JSON converter that applies <see cref="TextRule"/> to body text hides
/// the type from the schema exporter, which gives any custom converter an empty schema;</item>
/// <item>every string that has no stricter pattern carries <see cref="TextRule.Pattern"/>;</item>
/// <item><see cref="AllowedValuesAttribute"/> and <see cref="DocumentedValuesAttribute"/> become <c>enum</c>;</item>
/// <item><see cref="ItemLengthAttribute"/> bounds an array's <c>items</c>.</item>
/// </list></summary>
internal static class ContractSchemas
{
    /// <summary>Not blank, and <see cref="TextRule"/>: at least one character that is neither white space nor a control character.</summary>
    public const string NonBlankPattern = @"^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*[^\s\u0000-\u001F\u007F][^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$";

    public static Task ApplyAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var attributes = AttributesOf(context);
        if (context.JsonTypeInfo.Type == typeof(string))
        {
            var property = context.JsonPropertyInfo;
            var nullable = property is not null && property.PropertyType == typeof(string) && property.IsGetNullable;
            schema.Type ??= nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
            var values = attributes.OfType<AllowedValuesAttribute>().SelectMany(a => a.Values).OfType<string>()
                .Concat(attributes.OfType<DocumentedValuesAttribute>().SelectMany(a => a.Values)).ToList();
            if (values.Count > 0)
            {
                schema.Enum = [.. values.Select(value => (JsonNode)JsonValue.Create(value))];
            }
            else if (schema.Pattern is null && schema.Format is null)
            {
                schema.Pattern = TextRule.Pattern;
            }
        }

        // A list or map of strings: the exporter leaves out the element schema it cannot see through the converter.
        if (context.JsonTypeInfo.ElementType == typeof(string))
        {
            if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Enumerable)
            {
                schema.Items ??= new OpenApiSchema { Type = JsonSchemaType.String, Pattern = TextRule.Pattern };
            }
            else if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Dictionary)
            {
                schema.AdditionalProperties ??= new OpenApiSchema { Type = JsonSchemaType.String, Pattern = TextRule.Pattern };
            }
        }

        if (attributes.OfType<ItemLengthAttribute>().FirstOrDefault() is { } itemLength && schema.Items is OpenApiSchema items)
        {
            items.Type = JsonSchemaType.String;
            items.MinLength = itemLength.Minimum;
            items.MaxLength = itemLength.Maximum;
            items.Pattern = NonBlankPattern;
        }

        return Task.CompletedTask;
    }

    private static IReadOnlyList<object> AttributesOf(OpenApiSchemaTransformerContext context)
    {
        if (context.JsonPropertyInfo?.AttributeProvider is { } provider)
        {
            return provider.GetCustomAttributes(inherit: true);
        }

        return context.ParameterDescription?.ParameterDescriptor is IParameterInfoParameterDescriptor { ParameterInfo: ParameterInfo parameter }
            ? parameter.GetCustomAttributes(inherit: true)
            : [];
    }
}
