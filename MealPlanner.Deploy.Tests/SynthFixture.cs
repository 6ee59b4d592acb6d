using System.Text.Json.Nodes;
using Amazon.CDK.Assertions;
using MealPlanner.Deploy.Infrastructure;
using MealPlanner.Deploy.Manifest;
using MealPlanner.Deploy.Settings;

namespace MealPlanner.Deploy.Tests;

/// <summary>
/// All tests that start jsii (CDK synthesis) or other slow processes share this collection: jsii breaks
/// when stacks are synthesized from parallel test classes, and one synthesized app serves many assertions.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SynthCollection : ICollectionFixture<SynthFixture>
{
    public const string Name = "synth";
}

/// <summary>One synthesized environment: the app, both templates, and both as JSON for ad-hoc queries.</summary>
public sealed record Synthesized(DeploymentApp Deployment, Template Platform, Template Registry, JsonObject PlatformJson, JsonObject RegistryJson)
{
    public IEnumerable<(string Id, JsonObject Resource)> Resources(string type) =>
        PlatformJson["Resources"]!.AsObject()
            .Where(r => r.Value!["Type"]!.GetValue<string>() == type)
            .Select(r => (r.Key, r.Value!.AsObject()));

    public JsonObject Container(string family) =>
        Resources("AWS::ECS::TaskDefinition")
            .Single(r => r.Resource["Properties"]!["Family"]!.GetValue<string>().EndsWith($"-{family}", StringComparison.Ordinal))
            .Resource["Properties"]!["ContainerDefinitions"]![0]!.AsObject();

    /// <summary>The secret whose {env}/... name tag is <paramref name="name"/> (CloudFormation generates the real name).</summary>
    public JsonObject SecretNamed(string name) =>
        Resources("AWS::SecretsManager::Secret")
            .Single(r => r.Resource["Properties"]?["Tags"]?.AsArray()
                .Any(t => t!["Key"]!.GetValue<string>() == AppSecrets.NameTag && t["Value"]!.GetValue<string>() == name) == true)
            .Resource;

    public static IEnumerable<string> Names(JsonNode? list) =>
        list?.AsArray().Select(e => e!["Name"]!.GetValue<string>()) ?? [];
}

public sealed class SynthFixture : IDisposable
{
    private readonly string _scratch;
    private readonly Dictionary<string, Synthesized> _synthesized = [];

    public SynthFixture()
    {
        // jsii unpacks ~64 MB per process into TMPDIR: keep it in a folder this run deletes.
        _scratch = Directory.CreateTempSubdirectory("deploy-tests-").FullName;
        System.Environment.SetEnvironmentVariable("TMPDIR", _scratch);
        System.Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20");
    }

    public static string RepositoryRoot => DeployOptions.FindRepositoryRoot(AppContext.BaseDirectory);
    public static string CommittedManifest => Path.Combine(RepositoryRoot, "aspire-manifest.json");
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
    public static string SettingsFile(string env) => Path.Combine(RepositoryRoot, "MealPlanner.Deploy", "settings", $"{env}.json");
    public string Scratch => _scratch;

    /// <summary>The committed aspire-manifest.json with the committed settings of the environment.</summary>
    public Synthesized Committed(string env) => Synthesize($"committed-{env}", CommittedManifest, SettingsFile(env), env);

    /// <summary>The manifest shape with pgbouncer and storage (MinIO), with fixture settings (certificate, PagerDuty).</summary>
    public Synthesized Future => Synthesize("future", Fixture("future-manifest.json"), Fixture("settings-fixture.json"), "production");

    public Synthesized TwoWebProjects => Synthesize("two-web", Fixture("two-web-projects.json"), Fixture("settings-fixture.json"), "staging");

    /// <summary>A worker without HTTP or marker beside a marked migration worker, and an S3 store of an unknown image.</summary>
    public Synthesized BackgroundWorker => Synthesize("background", Fixture("background-worker.json"), Fixture("settings-fixture.json"), "staging");

    private Synthesized Synthesize(string key, string manifest, string settings, string env)
    {
        if (_synthesized.TryGetValue(key, out var done))
        {
            return done;
        }

        var outdir = Path.Combine(_scratch, key);
        var deployment = DeploymentApp.Create(ManifestReader.Load(manifest), DeploySettings.Load(settings, DeploymentEnvironment.Of(env)), DeploymentEnvironment.Of(env), outdir);
        deployment.App.Synth();
        string Read(string stack) => File.ReadAllText(Path.Combine(outdir, $"{stack}.template.json"));
        var platformJson = Read(deployment.Platform.StackName);
        var registryJson = Read(deployment.Registry.StackName);
        var result = new Synthesized(
            deployment,
            Template.FromString(platformJson),
            Template.FromString(registryJson),
            JsonNode.Parse(platformJson)!.AsObject(),
            JsonNode.Parse(registryJson)!.AsObject());
        return _synthesized[key] = result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_scratch, recursive: true);
        }
        catch (IOException)
        {
            // The jsii node process may still hold a file; the OS temp cleaner gets the rest.
        }
    }
}
