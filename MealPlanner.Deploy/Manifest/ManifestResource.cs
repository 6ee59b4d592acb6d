namespace MealPlanner.Deploy.Manifest;

/// <summary>One endpoint of a resource, as the manifest's "bindings" section declares it.</summary>
public sealed record ManifestBinding(
    string Name,
    string Scheme,
    string Protocol,
    string Transport,
    int? TargetPort,
    bool External);

/// <summary>The "inputs.value" of a parameter.v0: whether it is secret and how a default is generated.</summary>
public sealed record ParameterInput(bool Secret, int? GenerateMinLength, bool GenerateSpecial, string? DefaultValue);

/// <summary>
/// One entry of aspire-manifest.json "resources". Only the fields the deployer understands are kept;
/// the reader rejects anything else so a format change is noticed instead of silently ignored.
/// </summary>
public sealed record ManifestResource(string Name, string Type)
{
    public string? Image { get; init; }
    public string? Path { get; init; }
    public string? ConnectionString { get; init; }
    public string? Value { get; init; }
    public string? Filter { get; init; }
    /// <summary>A project's "lifecycle" ("runToCompletion" marks a worker the deployment runs once); absent for services.</summary>
    public string? Lifecycle { get; init; }
    /// <summary>A run-to-completion project's "pendingCheck": the argument that makes it report, as its exit code, whether
    /// it has work to do (0 none, 3 on existing data, 4 on an empty store) without doing it.</summary>
    public string? PendingCheck { get; init; }
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> Args { get; init; } = [];
    public IReadOnlyDictionary<string, ManifestBinding> Bindings { get; init; } = new Dictionary<string, ManifestBinding>();
    public IReadOnlyDictionary<string, ParameterInput> Inputs { get; init; } = new Dictionary<string, ParameterInput>();

    public bool IsProject => Type is "project.v0" or "project.v1";
    public bool IsContainer => Type is "container.v0" or "container.v1";
    public bool IsParameter => Type == "parameter.v0";
    public bool IsSecretParameter => IsParameter && Inputs.Values.Any(input => input.Secret);
}

/// <summary>The whole manifest: resources by name, in file order.</summary>
public sealed record AspireManifest(string SourcePath, IReadOnlyList<ManifestResource> Resources)
{
    public ManifestResource? Find(string name) => Resources.FirstOrDefault(r => r.Name == name);
}
