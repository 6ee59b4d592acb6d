using System.Text.Json;

namespace MealPlanner.Deploy.Manifest;

/// <summary>
/// One JSON value of the manifest and the path that leads to it. Every read states the type it expects, so a
/// wrong-typed value becomes "FILE: PATH must be X (got Y)" instead of an exception from System.Text.Json.
/// </summary>
internal readonly record struct ManifestNode(string File, string Path, JsonElement Json)
{
    public DeployProblem Problem(string what) => new($"{File}: {Path} {what}");

    public string AsString() =>
        Json.ValueKind == JsonValueKind.String ? Json.GetString()! : throw Expected("a string");

    public bool AsBoolean() => Json.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Expected("true or false"),
    };

    public int AsInteger(int min, int max)
    {
        if (Json.ValueKind != JsonValueKind.Number)
        {
            throw Expected("a number");
        }

        return Json.TryGetInt32(out var number) && number >= min && number <= max
            ? number
            : throw Expected($"a whole number from {min} to {max}");
    }

    /// <summary>The members of an object, each with its own path.</summary>
    public IEnumerable<(string Name, ManifestNode Value)> Properties()
    {
        RequireObject();
        var self = this;
        return Json.EnumerateObject().Select(p => (p.Name, self.Child(p.Name, p.Value)));
    }

    /// <summary>The items of an array, each with its own path.</summary>
    public IEnumerable<ManifestNode> Items()
    {
        if (Json.ValueKind != JsonValueKind.Array)
        {
            throw Expected("an array");
        }

        var self = this;
        return Json.EnumerateArray().Select((item, index) => new ManifestNode(self.File, ManifestText.PathTo(self.Path, index), item));
    }

    /// <summary>A member of this object, if present (this must be an object).</summary>
    public ManifestNode? Optional(string name)
    {
        RequireObject();
        return Json.TryGetProperty(name, out var value) ? Child(name, value) : null;
    }

    public string? OptionalString(string name) => Optional(name)?.AsString();

    public bool OptionalBoolean(string name, bool absent) => Optional(name)?.AsBoolean() ?? absent;

    public int? OptionalInteger(string name, int min, int max) => Optional(name)?.AsInteger(min, max);

    /// <summary>An object member, if present; present and not an object is an error.</summary>
    public ManifestNode? OptionalObject(string name) => Optional(name) is { } child ? child.RequireObject() : null;

    public ManifestNode RequireObject() =>
        Json.ValueKind == JsonValueKind.Object ? this : throw Expected("an object");

    private ManifestNode Child(string name, JsonElement value) => new(File, ManifestText.PathTo(Path, name), value);

    private DeployProblem Expected(string type) => Problem($"must be {type} (got {ManifestText.Describe(Json)})");
}
