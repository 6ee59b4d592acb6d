namespace MealPlanner.Api.Hardening;

/// <summary>A list setting given either as one comma-separated value (<c>Cors__AllowedOrigins=a,b</c>, what the
/// AppHost's parameters and the deploy settings hand over) or as an array (<c>Cors__AllowedOrigins__0=a</c>,
/// appsettings.json). Blanks are dropped, so an empty value means an empty list.</summary>
internal static class ConfigurationLists
{
    public static string[] GetList(this IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { } single ? [single] : section.GetChildren().Select(child => child.Value ?? "");
        return values
            .SelectMany(value => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToArray();
    }
}
