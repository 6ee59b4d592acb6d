using System.Text.Json;
using System.Text.RegularExpressions;

namespace MealPlanner.Deploy.Manifest;

/// <summary>
/// Strict reader of the Aspire manifest format (resource types listed in <see cref="SupportedTypes"/>).
/// Unknown types or properties are errors: the deployer must never guess what a resource means.
/// Every value is read through <see cref="ManifestNode"/>, so a wrong type is a one-line error naming its path.
/// </summary>
public static partial class ManifestReader
{
    public static readonly IReadOnlyList<string> SupportedTypes =
        ["project.v0", "project.v1", "container.v0", "container.v1", "parameter.v0", "value.v0", "annotated.string"];

    // Properties each type may carry. Ones the deployer does not use (volumes, build, deployment, ...)
    // are accepted so a normal AppHost change does not break deployment, but they are not interpreted.
    private static readonly Dictionary<string, HashSet<string>> AllowedProperties = new()
    {
        ["project"] = ["type", "path", "args", "env", "bindings", "connectionString", "build", "deployment", "lifecycle", "pendingCheck"],
        ["container"] =
        [
            "type", "image", "entrypoint", "args", "env", "bindings", "connectionString", "volumes",
            "bindMounts", "build", "deployment", "buildArgs"
        ],
        ["parameter.v0"] = ["type", "value", "inputs", "connectionString"],
        ["value.v0"] = ["type", "connectionString", "value"],
        ["annotated.string"] = ["type", "value", "filter"],
    };

    // A duplicated key would otherwise silently win or lose depending on which reader looks at it.
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    public static AspireManifest Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new DeployProblem($"{ManifestText.OneLine(path)}: manifest not found; publish it with 'dotnet run --project MealPlanner.AppHost -- --publisher manifest --output-path aspire-manifest.json' or pass --manifest PATH");
        }

        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DeployProblem($"{ManifestText.OneLine(path)}: cannot read the manifest ({ManifestText.OneLine(e.Message)})");
        }

        return Parse(json, path);
    }

    public static AspireManifest Parse(string json, string sourceName = "aspire-manifest.json")
    {
        var file = ManifestText.OneLine(System.IO.Path.GetFileName(sourceName));
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, StrictJson);
        }
        catch (JsonException e)
        {
            throw new DeployProblem($"{file}: not valid JSON ({ManifestText.OneLine(e.Message)})");
        }

        using (document)
        {
            var root = new ManifestNode(file, "$", document.RootElement);
            if (root.Json.ValueKind != JsonValueKind.Object || root.Optional("resources") is not { } resources)
            {
                throw new DeployProblem($"{file}: no \"resources\" object; is this an Aspire manifest?");
            }

            var list = new ManifestNode(file, "resources", resources.Json).Properties()
                .Select(p => ReadResource(file, p.Name, p.Value))
                .ToList();
            return new AspireManifest(sourceName, list);
        }
    }

    private static ManifestResource ReadResource(string file, string name, ManifestNode element)
    {
        if (name.Length > 64 || !ResourceName().IsMatch(name))
        {
            throw new DeployProblem($"{file}: resource name {ManifestText.Quote(name)} is not an Aspire resource name (at most 64 ASCII letters, digits and single hyphens, starting with a letter and not ending with a hyphen)");
        }

        element.RequireObject();
        var type = element.OptionalString("type") ?? "";
        if (!SupportedTypes.Contains(type))
        {
            throw new DeployProblem($"{file}: resource '{name}' has unknown type '{ManifestText.OneLine(type)}'; supported: {string.Join(", ", SupportedTypes)}");
        }

        var family = type.StartsWith("project.", StringComparison.Ordinal) ? "project"
            : type.StartsWith("container.", StringComparison.Ordinal) ? "container"
            : type;
        foreach (var (property, _) in element.Properties())
        {
            if (!AllowedProperties[family].Contains(property))
            {
                throw new DeployProblem($"{file}: resource '{name}' ({type}) has unknown property '{ManifestText.OneLine(property)}'; the deployer understands: {string.Join(", ", AllowedProperties[family])}");
            }
        }

        return new ManifestResource(name, type)
        {
            Image = ReadImage(element),
            Path = element.OptionalString("path"),
            ConnectionString = element.OptionalString("connectionString"),
            Value = element.OptionalString("value"),
            Filter = ReadFilter(element),
            Lifecycle = element.OptionalString("lifecycle"),
            PendingCheck = element.OptionalString("pendingCheck"),
            Env = ReadEnv(element),
            Args = element.Optional("args")?.Items().Select(a => a.AsString()).ToList() ?? [],
            Bindings = ReadBindings(file, name, element),
            Inputs = ReadInputs(element),
        };
    }

    private static string? ReadImage(ManifestNode resource)
    {
        if (resource.Optional("image") is not { } node)
        {
            return null;
        }

        var image = node.AsString();
        return image.Length > 0 && !image.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            ? image
            : throw node.Problem($"must be an image reference such as \"docker.io/library/redis:7\" (got {ManifestText.Quote(image)})");
    }

    // "uri" is the only filter Aspire writes; applying no filter to an unknown one would change the value silently.
    private static string? ReadFilter(ManifestNode resource)
    {
        if (resource.Optional("filter") is not { } node)
        {
            return null;
        }

        var filter = node.AsString();
        return filter == "uri" ? filter : throw node.Problem($"must be \"uri\", the only filter the deployer applies (got {ManifestText.Quote(filter)})");
    }

    private static Dictionary<string, string> ReadEnv(ManifestNode resource)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in resource.OptionalObject("env")?.Properties() ?? [])
        {
            env[key] = value.AsString();
        }

        return env;
    }

    private static Dictionary<string, ManifestBinding> ReadBindings(string file, string name, ManifestNode resource)
    {
        var bindings = new Dictionary<string, ManifestBinding>(StringComparer.Ordinal);
        foreach (var (bindingName, binding) in resource.OptionalObject("bindings")?.Properties() ?? [])
        {
            binding.RequireObject();
            var scheme = binding.OptionalString("scheme") ?? "";
            if (scheme.Length == 0)
            {
                throw new DeployProblem($"{file}: resource '{name}' binding '{ManifestText.OneLine(bindingName)}' has no scheme");
            }

            // "port" is the host side and not used in AWS, but a wrong type there is as wrong as anywhere.
            binding.OptionalInteger("port", 1, 65535);
            bindings[bindingName] = new ManifestBinding(
                bindingName,
                scheme,
                binding.OptionalString("protocol") ?? "tcp",
                binding.OptionalString("transport") ?? scheme,
                binding.OptionalInteger("targetPort", 1, 65535),
                binding.OptionalBoolean("external", absent: false));
        }

        return bindings;
    }

    private static Dictionary<string, ParameterInput> ReadInputs(ManifestNode resource)
    {
        var inputs = new Dictionary<string, ParameterInput>(StringComparer.Ordinal);
        foreach (var (inputName, input) in resource.OptionalObject("inputs")?.Properties() ?? [])
        {
            input.RequireObject();
            input.OptionalString("type");
            var secret = input.OptionalBoolean("secret", absent: false);
            int? minLength = null;
            var special = true;
            string? defaultValue = null;
            if (input.OptionalObject("default") is { } defaults)
            {
                if (defaults.OptionalObject("generate") is { } generate)
                {
                    // Secrets Manager generates at most 4096 characters.
                    minLength = generate.OptionalInteger("minLength", 0, 4096) ?? 22;
                    special = generate.OptionalBoolean("special", absent: true);
                }

                defaultValue = defaults.OptionalString("value");
            }

            inputs[inputName] = new ParameterInput(secret, minLength, special, defaultValue);
        }

        return inputs;
    }

    // Aspire's own rule for resource names; the name becomes part of AWS resource names and construct ids.
    [GeneratedRegex("^[A-Za-z](?:-?[A-Za-z0-9])*$")]
    private static partial Regex ResourceName();
}
