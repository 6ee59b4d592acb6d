using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MealPlanner.Deploy.Manifest;
using MealPlanner.Deploy.Mapping;
using MealPlanner.Deploy.Settings;
using Xunit.Abstractions;

namespace MealPlanner.Deploy.Tests;

/// <summary>
/// Mutates the committed manifest thousands of times (type swaps, deletions, renamed and duplicated keys,
/// odd placeholders, unknown types, truncation) and requires reading and planning to either succeed or
/// fail with a one-line <see cref="DeployProblem"/>. Stops before CDK: constructs are far too slow for a loop.
/// Reproduce a failing case with MANIFEST_FUZZ_SEED=&lt;case seed&gt; MANIFEST_FUZZ_CASES=1; run longer with a
/// larger MANIFEST_FUZZ_CASES.
/// </summary>
public sealed class ManifestFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20261126;
    private const int DefaultCases = 5000;
    private const string FileName = "aspire-manifest.json";

    private static readonly string[] Strings =
    [
        "", "abc", "true", "yes", "5", "5432", "{x.y.z}", "{", "}", "{}", "{.}", "{api}", "{api.}", "{{api.bindings.http.url}}",
        "{postgres.bindings.tcp.port}", "{api.bindings.http.targetPort}", "{api.bindings.http.nosuch}", "{postgres-password.inputs.value}",
        "{postgres-password.inputs.nosuch}", "{postgres-password.value}", "{mealplanner.connectionString}", "{nosuch.connectionString}",
        "{cache.connectionString}", "{storage.bindings.http.url}", "{admin-password.connectionString}", "{api.connectionString}",
        "line\nbreak", "{a\nb.c}", "tab\there", "\u2028", "container.v0", "container.v1", "project.v0", "project.v1", "parameter.v0",
        "value.v0", "annotated.string", "dapr.v0", "azure.bicep.v0", "uri", "docker.io/library/postgres:15", "docker.io/library/redis:7",
        "docker.io/adobe/s3mock:4.4.0", "docker.io/edoburu/pgbouncer:1", "busybox", "http", "https", "tcp", "redis",
        "Host={postgres.bindings.tcp.host};Database=", "Database=x;{pgbouncer.connectionString}", new string('x', 300),
    ];

    private static readonly string[] Names =
    [
        "type", "image", "env", "bindings", "connectionString", "value", "inputs", "args", "path", "filter", "scheme", "targetPort",
        "external", "secret", "default", "generate", "minLength", "special", "resources", "api", "postgres", "storage", "typo", "",
        "x y", "a.b", "Api", "new-resource", "-bad", "9lives", "line\nbreak",
    ];

    // The committed manifest, and the fixture with pgbouncer, an S3 store and annotated strings (other code paths).
    [Theory]
    [InlineData("committed", DefaultCases)]
    [InlineData("future-manifest.json", DefaultCases / 2)]
    public void Reading_and_planning_a_mutated_manifest_succeed_or_fail_with_one_line_and_never_crash(string source, int defaultCases)
    {
        var baseSeed = EnvironmentNumber("MANIFEST_FUZZ_SEED", DefaultSeed);
        var cases = EnvironmentNumber("MANIFEST_FUZZ_CASES", defaultCases);
        var (manifestFile, settingsFile, env) = source == "committed"
            ? (SynthFixture.CommittedManifest, SynthFixture.SettingsFile("staging"), "staging")
            : (SynthFixture.Fixture(source), SynthFixture.Fixture("settings-fixture.json"), "production");
        var committed = JsonNode.Parse(File.ReadAllText(manifestFile))!;
        var accepted = 0;
        var messages = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();

        for (var i = 0; i < cases && failures.Count < 5; i++)
        {
            var caseSeed = baseSeed + i;
            var (json, steps) = Mutate(committed, new Random(caseSeed));
            try
            {
                var manifest = ManifestReader.Parse(json, FileName);
                DeploymentPlan.Create(manifest, DeploySettings.Load(settingsFile, DeploymentEnvironment.Of(env)), DeploymentEnvironment.Of(env));
                accepted++;
            }
            catch (DeployProblem problem) when (IsOneLineAboutTheManifest(problem.Message))
            {
                messages.Add(problem.Message);
            }
            catch (Exception e)
            {
                failures.Add($"case seed {caseSeed} (MANIFEST_FUZZ_SEED={caseSeed} MANIFEST_FUZZ_CASES=1): {string.Join("; ", steps)}\n" +
                             $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}\nmanifest: {Cut(json, 3000)}");
            }
        }

        output.WriteLine($"{source}: seed {baseSeed}, {cases} cases: {accepted} accepted, {messages.Count} distinct one-line errors");
        Assert.True(failures.Count == 0, $"{failures.Count} case(s) escaped as something other than a one-line DeployProblem:\n\n{string.Join("\n\n", failures)}");
        // A fuzzer whose every case dies at the same first check tests nothing: most mutations must reach
        // different checks, and some must survive to a complete plan.
        Assert.True(accepted > cases / 50, $"only {accepted} of {cases} mutated manifests were accepted");
        Assert.True(messages.Count > cases / 20, $"only {messages.Count} distinct errors in {cases} cases");
    }

    [Fact]
    public void The_mutator_is_deterministic_for_a_seed_so_a_printed_seed_reproduces_its_case()
    {
        var committed = JsonNode.Parse(File.ReadAllText(SynthFixture.CommittedManifest))!;

        Assert.Equal(Mutate(committed, new Random(42)), Mutate(committed, new Random(42)));
        Assert.NotEqual(Mutate(committed, new Random(42)).Json, Mutate(committed, new Random(43)).Json);
    }

    private static bool IsOneLineAboutTheManifest(string message) =>
        message.StartsWith(FileName + ": ", StringComparison.Ordinal) && !message.Any(char.IsControl) &&
        !message.Contains('\u2028') && !message.Contains('\u2029');

    /// <summary>1 to 4 mutations of a copy of the manifest; the text, and what was done for the failure report.</summary>
    private static (string Json, string Steps) Mutate(JsonNode original, Random random)
    {
        var root = original.DeepClone();
        var steps = new List<string>();
        var duplicates = new List<(string Marker, string Name)>();
        for (var count = random.Next(1, 5); count > 0; count--)
        {
            steps.Add(MutateOnce(root, random, duplicates));
        }

        var json = root.ToJsonString();
        foreach (var (marker, name) in duplicates)
        {
            json = json.Replace(JsonValue.Create(marker).ToJsonString(), JsonValue.Create(name).ToJsonString(), StringComparison.Ordinal);
        }

        if (random.Next(20) == 0)
        {
            var length = random.Next(json.Length);
            json = json[..length];
            steps.Add($"truncate at {length}");
        }

        return (json, ManifestText.OneLine(string.Join("; ", steps)));
    }

    private static string MutateOnce(JsonNode root, Random random, List<(string Marker, string Name)> duplicates)
    {
        var places = Places(root).ToList();
        if (places.Count == 0)
        {
            return "no-op (nothing left to mutate)";
        }

        var (parent, key, index, node) = places[random.Next(places.Count)];
        var where = node?.GetPath() ?? $"{parent.GetPath()}.{key}";
        switch (random.Next(7))
        {
            case 0 or 1:
                {
                    var replacement = RandomValue(random, places);
                    Set(parent, key, index, replacement);
                    return $"set {where} = {replacement?.ToJsonString() ?? "null"}";
                }

            case 2:
                {
                    var swapped = Swap(node, random);
                    Set(parent, key, index, swapped);
                    return $"swap {where} -> {swapped?.ToJsonString() ?? "null"}";
                }

            case 3 when parent is JsonObject obj:
                obj.Remove(key!);
                return $"delete {where}";

            case 4 when parent is JsonObject obj:
                {
                    var name = Names[random.Next(Names.Length)];
                    if (obj.ContainsKey(name))
                    {
                        return $"rename {where} (skipped: {name} exists)";
                    }

                    obj.Remove(key!);
                    obj[name] = node;
                    return $"rename {where} -> {name}";
                }

            case 5 when parent is JsonObject obj:
                {
                    // JsonObject cannot hold a key twice: add a marker key, and write the real name into the text.
                    var marker = $"duplicate-marker-{duplicates.Count}";
                    obj[marker] = RandomValue(random, places);
                    duplicates.Add((marker, key!));
                    return $"duplicate {where}";
                }

            case 6:
                {
                    var resources = root["resources"] as JsonObject;
                    if (resources is null)
                    {
                        return "add resource (skipped: no resources object)";
                    }

                    var name = $"extra{resources.Count}";
                    var resource = new JsonObject { ["type"] = Strings[random.Next(28, 40)] };
                    foreach (var property in new[] { "image", "connectionString", "value", "env", "bindings", "inputs", "filter" })
                    {
                        if (random.Next(3) == 0)
                        {
                            resource[property] = RandomValue(random, places);
                        }
                    }

                    resources[name] = resource;
                    return $"add resource {name} = {resource.ToJsonString()}";
                }

            default:
                return $"no-op at {where}";
        }
    }

    /// <summary>Every value in the tree with where it sits (the root itself is not replaceable).</summary>
    private static IEnumerable<(JsonNode Parent, string? Key, int Index, JsonNode? Node)> Places(JsonNode root)
    {
        var pending = new Stack<JsonNode>([root]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current is JsonObject obj)
            {
                foreach (var (key, value) in obj.ToList())
                {
                    yield return (obj, key, -1, value);
                    if (value is not null)
                    {
                        pending.Push(value);
                    }
                }
            }
            else if (current is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, null, i, array[i]);
                    if (array[i] is { } item)
                    {
                        pending.Push(item);
                    }
                }
            }
        }
    }

    private static void Set(JsonNode parent, string? key, int index, JsonNode? value)
    {
        if (parent is JsonObject obj)
        {
            obj[key!] = value;
        }
        else
        {
            ((JsonArray)parent)[index] = value;
        }
    }

    private static JsonNode? RandomValue(Random random, List<(JsonNode Parent, string? Key, int Index, JsonNode? Node)> places) => random.Next(8) switch
    {
        0 or 1 => JsonValue.Create(Strings[random.Next(Strings.Length)]),
        2 => JsonValue.Create(new[] { 0, -1, 5, 5432, 65535, 65536, int.MaxValue }[random.Next(7)]),
        3 => random.Next(3) switch
        {
            0 => JsonValue.Create(1.5),
            1 => JsonValue.Create(1e300),
            _ => JsonValue.Create(2147483648L),
        },
        4 => JsonValue.Create(random.Next(2) == 0),
        5 => null,
        6 => random.Next(3) switch
        {
            0 => new JsonArray(),
            1 => new JsonArray(JsonValue.Create("x"), JsonValue.Create(1)),
            _ => new JsonArray(new JsonObject()),
        },
        // A copy of some other part of the manifest: a resource where a string belongs, an env where a binding belongs.
        _ => places[random.Next(places.Count)].Node?.DeepClone() ?? new JsonObject(),
    };

    /// <summary>The same value as another JSON type, the way a hand edit gets it wrong.</summary>
    private static JsonNode? Swap(JsonNode? node, Random random)
    {
        var text = node switch
        {
            null => "null",
            JsonValue value when value.TryGetValue<string>(out var s) => s,
            JsonValue value => value.ToJsonString(),
            _ => node.ToJsonString(),
        };
        return random.Next(6) switch
        {
            0 => JsonValue.Create(text),
            1 => double.TryParse(text, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(text.Length),
            2 => JsonValue.Create(text is "true" or "yes" || text.Length % 2 == 1),
            3 => new JsonArray(node?.DeepClone()),
            4 => new JsonObject { ["value"] = node?.DeepClone() },
            _ => null,
        };
    }

    private static int EnvironmentNumber(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var value) ? value : fallback;

    private static string Cut(string text, int length) =>
        text.Length <= length ? text : new StringBuilder(text, 0, length, length + 3).Append("...").ToString();
}
