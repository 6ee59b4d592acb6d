using System.Text.Json;

namespace MealPlanner.Deploy.Manifest;

/// <summary>
/// Strict reader of the Aspire manifest format (resource types listed in <see cref="SupportedTypes"/>).
/// Unknown types or properties are errors: the deployer must never guess what a resource means.
/// </summary>
public static class ManifestReader
{
    public static readonly IReadOnlyList<string> SupportedTypes =
        ["project.v0", "project.v1", "container.v0", "container.v1", "parameter.v0", "value.v0", "annotated.string"];

    // Properties each type may carry. Ones the deployer does not use (volumes, build, deployment, ...)
    // are accepted so a normal AppHost change does not break deployment, but they are not interpreted.
    private static readonly Dictionary<string, HashSet<string>> AllowedProperties = new()
    {
        ["project"] = ["type", "path", "args", "env", "bindings", "connectionString", "build", "deployment", "lifecycle"],
        ["container"] =
        [
            "type", "image", "entrypoint", "args", "env", "bindings", "connectionString", "volumes",
            "bindMounts", "build", "deployment", "buildArgs"
        ],
        ["parameter.v0"] = ["type", "value", "inputs", "connectionString"],
        ["value.v0"] = ["type", "connectionString", "value"],
        ["annotated.string"] = ["type", "value", "filter"],
    };

    public static AspireManifest Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new DeployProblem($"{path}: manifest not found; publish it with 'dotnet run --project MealPlanner.AppHost -- --publisher manifest --output-path aspire-manifest.json' or pass --manifest PATH");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static AspireManifest Parse(string json, string sourceName = "aspire-manifest.json")
    {
        var file = System.IO.Path.GetFileName(sourceName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new DeployProblem($"{file}: not valid JSON ({e.Message})");
        }

        using (document)
        {
            if (!document.RootElement.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Object)
            {
                throw new DeployProblem($"{file}: no \"resources\" object; is this an Aspire manifest?");
            }

            var list = resources.EnumerateObject().Select(p => ReadResource(file, p.Name, p.Value)).ToList();
            return new AspireManifest(sourceName, list);
        }
    }

    private static ManifestResource ReadResource(string file, string name, JsonElement element)
    {
        var type = element.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        if (!SupportedTypes.Contains(type))
        {
            throw new DeployProblem($"{file}: resource '{name}' has unknown type '{type}'; supported: {string.Join(", ", SupportedTypes)}");
        }

        var family = type.StartsWith("project.", StringComparison.Ordinal) ? "project"
            : type.StartsWith("container.", StringComparison.Ordinal) ? "container"
            : type;
        foreach (var property in element.EnumerateObject())
        {
            if (!AllowedProperties[family].Contains(property.Name))
            {
                throw new DeployProblem($"{file}: resource '{name}' ({type}) has unknown property '{property.Name}'; the deployer understands: {string.Join(", ", AllowedProperties[family])}");
            }
        }

        return new ManifestResource(name, type)
        {
            Image = OptionalString(file, name, element, "image"),
            Path = OptionalString(file, name, element, "path"),
            ConnectionString = OptionalString(file, name, element, "connectionString"),
            Value = OptionalString(file, name, element, "value"),
            Filter = OptionalString(file, name, element, "filter"),
            Lifecycle = OptionalString(file, name, element, "lifecycle"),
            Env = ReadEnv(file, name, element),
            Args = element.TryGetProperty("args", out var args)
                ? args.EnumerateArray().Select(a => a.GetString() ?? "").ToList()
                : [],
            Bindings = ReadBindings(file, name, element),
            Inputs = ReadInputs(element),
        };
    }

    private static string? OptionalString(string file, string name, JsonElement element, string property)
    {
        if (!element.TryGetProperty(property, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new DeployProblem($"{file}: resource '{name}' property '{property}' must be a string");
    }

    private static Dictionary<string, string> ReadEnv(string file, string name, JsonElement element)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!element.TryGetProperty("env", out var envElement))
        {
            return env;
        }

        foreach (var variable in envElement.EnumerateObject())
        {
            env[variable.Name] = variable.Value.ValueKind == JsonValueKind.String
                ? variable.Value.GetString() ?? ""
                : throw new DeployProblem($"{file}: resource '{name}' env '{variable.Name}' must be a string");
        }

        return env;
    }

    private static Dictionary<string, ManifestBinding> ReadBindings(string file, string name, JsonElement element)
    {
        var bindings = new Dictionary<string, ManifestBinding>(StringComparer.Ordinal);
        if (!element.TryGetProperty("bindings", out var bindingsElement))
        {
            return bindings;
        }

        foreach (var binding in bindingsElement.EnumerateObject())
        {
            var b = binding.Value;
            string Get(string key, string fallback) => b.TryGetProperty(key, out var v) ? v.GetString() ?? fallback : fallback;
            var scheme = Get("scheme", "");
            if (scheme.Length == 0)
            {
                throw new DeployProblem($"{file}: resource '{name}' binding '{binding.Name}' has no scheme");
            }

            bindings[binding.Name] = new ManifestBinding(
                binding.Name,
                scheme,
                Get("protocol", "tcp"),
                Get("transport", scheme),
                b.TryGetProperty("targetPort", out var port) ? port.GetInt32() : null,
                b.TryGetProperty("external", out var external) && external.GetBoolean());
        }

        return bindings;
    }

    private static Dictionary<string, ParameterInput> ReadInputs(JsonElement element)
    {
        var inputs = new Dictionary<string, ParameterInput>(StringComparer.Ordinal);
        if (!element.TryGetProperty("inputs", out var inputsElement))
        {
            return inputs;
        }

        foreach (var input in inputsElement.EnumerateObject())
        {
            var i = input.Value;
            var secret = i.TryGetProperty("secret", out var s) && s.GetBoolean();
            int? minLength = null;
            var special = true;
            string? defaultValue = null;
            if (i.TryGetProperty("default", out var d))
            {
                if (d.TryGetProperty("generate", out var generate))
                {
                    minLength = generate.TryGetProperty("minLength", out var ml) ? ml.GetInt32() : 22;
                    special = !generate.TryGetProperty("special", out var sp) || sp.GetBoolean();
                }

                if (d.TryGetProperty("value", out var v))
                {
                    defaultValue = v.GetString();
                }
            }

            inputs[input.Name] = new ParameterInput(secret, minLength, special, defaultValue);
        }

        return inputs;
    }
}
