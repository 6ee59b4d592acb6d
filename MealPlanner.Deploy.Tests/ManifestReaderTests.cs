using System.Text.Json.Nodes;
using MealPlanner.Deploy.Manifest;

namespace MealPlanner.Deploy.Tests;

/// <summary>Unit tests of the manifest reader and placeholder resolution (no CDK, no jsii).</summary>
public sealed class ManifestReaderTests
{
    private static AspireManifest Committed => ManifestReader.Load(SynthFixture.CommittedManifest);

    [Fact]
    public void Reads_every_resource_of_the_committed_manifest_with_its_type()
    {
        var manifest = Committed;

        Assert.Equal("container.v0", manifest.Find("postgres")!.Type);
        Assert.Equal("docker.io/library/postgres:15", manifest.Find("postgres")!.Image);
        Assert.StartsWith("docker.io/library/redis:7", manifest.Find("cache")!.Image);
        Assert.True(manifest.Find("api")!.IsProject);
        Assert.True(manifest.Find("api")!.Bindings["http"].External);
        Assert.True(manifest.Find("postgres-password")!.IsSecretParameter);
        Assert.Equal(22, manifest.Find("postgres-password")!.Inputs["value"].GenerateMinLength);
    }

    [Fact]
    public void Reads_annotated_strings_with_their_filter()
    {
        // The AppHost hands programs connection strings only, so the committed manifest has no annotated string;
        // a manifest of the stock reference environment (the fixture) has them.
        var manifest = ManifestReader.Load(SynthFixture.Fixture("future-manifest.json"));

        Assert.Equal("uri", manifest.Find("postgres-password-uri-encoded")!.Filter);
    }

    [Fact]
    public void Unknown_resource_type_is_an_error_naming_the_resource_and_the_supported_types()
    {
        var problem = Assert.Throws<DeployProblem>(() => ManifestReader.Load(SynthFixture.Fixture("unknown-type.json")));

        Assert.Equal(
            "unknown-type.json: resource 'sidecar' has unknown type 'dapr.v0'; supported: project.v0, project.v1, container.v0, container.v1, parameter.v0, value.v0, annotated.string",
            problem.Message);
    }

    [Fact]
    public void Unknown_property_is_an_error_so_format_changes_are_noticed()
    {
        var problem = Assert.Throws<DeployProblem>(() => ManifestReader.Parse("""{"resources":{"db":{"type":"value.v0","connectionString":"x","secretz":1}}}"""));

        Assert.Contains("resource 'db' (value.v0) has unknown property 'secretz'", problem.Message);
    }

    [Fact]
    public void A_file_without_resources_is_rejected()
    {
        var problem = Assert.Throws<DeployProblem>(() => ManifestReader.Parse("""{"$schema":"x"}"""));

        Assert.Contains("no \"resources\" object", problem.Message);
    }

    [Fact]
    public void Connection_strings_resolve_recursively_down_to_endpoints_and_parameters()
    {
        var manifest = Committed;
        var resolved = new PlaceholderResolver(manifest).Resolve("migrations", "{mealplanner.connectionString}");

        Assert.Equal(
            "Host={postgres.bindings.tcp.host};Port={postgres.bindings.tcp.port};Username=postgres;Password={postgres-password.inputs.value};Database=mealplanner",
            resolved.ToString());
        Assert.Contains(new BindingPart("postgres", "tcp", "host", null), resolved.Parts);
        Assert.Contains(new ParameterPart("postgres-password", "value", null), resolved.Parts);
    }

    [Fact]
    public void Annotated_strings_carry_their_filter_to_the_parameter()
    {
        var manifest = ManifestReader.Load(SynthFixture.Fixture("future-manifest.json"));
        var resolved = new PlaceholderResolver(manifest).Resolve("api", "x{postgres-password-uri-encoded.value}");

        Assert.Equal([new TextPart("x"), new ParameterPart("postgres-password", "value", "uri")], resolved.Parts);
    }

    [Fact]
    public void Empty_value_resources_resolve_to_nothing()
    {
        var cache = Committed.Find("cache")!;
        var resolved = new PlaceholderResolver(Committed).Resolve("cache", cache.ConnectionString!);

        Assert.DoesNotContain("cond-cache", resolved.ToString());
        Assert.EndsWith("password={cache-password.inputs.value}", resolved.ToString());
    }

    [Fact]
    public void A_reference_to_a_missing_resource_is_an_error_naming_both_resources()
    {
        var manifest = ManifestReader.Load(SynthFixture.Fixture("missing-reference.json"));

        var problem = Assert.Throws<DeployProblem>(() => new PlaceholderResolver(manifest).Resolve("api", "{nosuch.connectionString}"));

        Assert.Equal("missing-reference.json: resource 'api' references '{nosuch.connectionString}' but there is no resource 'nosuch'; add it to the AppHost or remove the reference", problem.Message);
    }

    [Fact]
    public void A_reference_to_a_missing_binding_is_an_error()
    {
        var problem = Assert.Throws<DeployProblem>(() => new PlaceholderResolver(Committed).Resolve("api", "{postgres.bindings.http.host}"));

        Assert.Contains("'postgres' has no binding 'http' (it has: tcp)", problem.Message);
    }

    [Fact]
    public void Circular_references_are_an_error()
    {
        var manifest = ManifestReader.Parse("""{"resources":{"a":{"type":"value.v0","connectionString":"{b.connectionString}"},"b":{"type":"value.v0","connectionString":"{a.connectionString}"}}}""");

        var problem = Assert.Throws<DeployProblem>(() => new PlaceholderResolver(manifest).Resolve("x", "{a.connectionString}"));

        Assert.Contains("circular reference", problem.Message);
    }

    // The wrong-typed values an outside check found crashing the deployer, and their one-line errors.
    public static TheoryData<string, string, string> WrongTypes => new()
    {
        { "resources.api.bindings.http.targetPort", "\"abc\"", "resources.api.bindings.http.targetPort must be a number (got string \"abc\")" },
        { "resources.api.env", "[]", "resources.api.env must be an object (got an array)" },
        { "resources.postgres.bindings", "[]", "resources.postgres.bindings must be an object (got an array)" },
        { "resources.postgres.image", "5", "resources.postgres.image must be a string (got number 5)" },
        { "resources.api.env.HTTP_PORTS", "5", "resources.api.env.HTTP_PORTS must be a string (got number 5)" },
        { "resources.api.bindings.http.external", "\"true\"", "resources.api.bindings.http.external must be true or false (got string \"true\")" },
        { "resources.postgres-password.inputs.value.secret", "\"yes\"", "resources.postgres-password.inputs.value.secret must be true or false (got string \"yes\")" },
        { "resources.api", "\"x\"", "resources.api must be an object (got string \"x\")" },
        { "resources.api.type", "5", "resources.api.type must be a string (got number 5)" },
        { "resources.api.bindings.http", "\"http\"", "resources.api.bindings.http must be an object (got string \"http\")" },
        { "resources.api.bindings.http.targetPort", "70000", "resources.api.bindings.http.targetPort must be a whole number from 1 to 65535 (got number 70000)" },
        { "resources.api.bindings.http.targetPort", "8080.5", "resources.api.bindings.http.targetPort must be a whole number from 1 to 65535 (got number 8080.5)" },
        { "resources.api.bindings.http.scheme", "null", "resources.api.bindings.http.scheme must be a string (got null)" },
        { "resources.cache.args", "\"-c\"", "resources.cache.args must be an array (got string \"-c\")" },
        { "resources.cache.args.1", "{}", "resources.cache.args[1] must be a string (got an object)" },
        { "resources.postgres.connectionString", "true", "resources.postgres.connectionString must be a string (got boolean true)" },
        { "resources.admin-password.inputs", "[]", "resources.admin-password.inputs must be an object (got an array)" },
        { "resources.admin-password.inputs.value.default", "\"x\"", "resources.admin-password.inputs.value.default must be an object (got string \"x\")" },
        { "resources.admin-password.inputs.value.default.generate.minLength", "\"22\"", "resources.admin-password.inputs.value.default.generate.minLength must be a number (got string \"22\")" },
        { "resources.admin-password.inputs.value.default.generate.special", "0", "resources.admin-password.inputs.value.default.generate.special must be true or false (got number 0)" },
        { "resources.admin-password.inputs.value.default.value", "[]", "resources.admin-password.inputs.value.default.value must be a string (got an array)" },
        { "resources", "[]", "resources must be an object (got an array)" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public void A_wrong_typed_value_is_an_error_naming_the_file_the_path_and_the_expected_type(string path, string json, string expected)
    {
        var problem = Assert.Throws<DeployProblem>(() => ManifestReader.Parse(CommittedManifestEdit.With(path, json)));

        Assert.Equal($"aspire-manifest.json: {expected}", problem.Message);
    }

    [Fact]
    public void A_key_with_a_line_break_is_escaped_in_the_path_so_the_error_stays_on_one_line()
    {
        var problem = Assert.Throws<DeployProblem>(() => ManifestReader.Parse("""{"resources":{"api":{"type":"project.v0","env":{"A\nB":5}}}}"""));

        Assert.Equal("""aspire-manifest.json: resources.api.env["A\nB"] must be a string (got number 5)""", problem.Message);
    }

    [Fact]
    public void A_long_value_is_cut_in_the_error()
    {
        var problem = Assert.Throws<DeployProblem>(() => ManifestReader.Parse(CommittedManifestEdit.With("resources.api.bindings.http.targetPort", $"\"{new string('9', 500)}\"")));

        Assert.Equal($"aspire-manifest.json: resources.api.bindings.http.targetPort must be a number (got string \"{new string('9', 60)}...\")", problem.Message);
    }

    [Theory]
    [InlineData("""{"resources": {""")]
    [InlineData("""{"resources": {"api": {"type": "project.v0",}}}""")]
    [InlineData("")]
    [InlineData("\n\n{\n\"resources\"\n:\n}\n")]
    public void Invalid_json_is_one_line(string json)
    {
        var problem = Assert.Throws<DeployProblem>(() => ManifestReader.Parse(json));

        Assert.StartsWith("aspire-manifest.json: not valid JSON (", problem.Message);
        Assert.DoesNotContain('\n', problem.Message);
    }

    [Fact]
    public void A_duplicated_key_is_an_error_instead_of_one_copy_silently_winning()
    {
        var problem = Assert.Throws<DeployProblem>(() => ManifestReader.Parse("""{"resources":{"api":{"type":"project.v0"},"api":{"type":"container.v0"}}}"""));

        Assert.StartsWith("aspire-manifest.json: not valid JSON (", problem.Message);
        Assert.Contains("api", problem.Message);
    }

    [Theory]
    [InlineData("""{"resources":{"my api":{"type":"project.v0"}}}""", "aspire-manifest.json: resource name \"my api\" is not an Aspire resource name (at most 64 ASCII letters, digits and single hyphens, starting with a letter and not ending with a hyphen)")]
    [InlineData("""{"resources":{"api--v2":{"type":"project.v0"}}}""", "aspire-manifest.json: resource name \"api--v2\" is not an Aspire resource name (at most 64 ASCII letters, digits and single hyphens, starting with a letter and not ending with a hyphen)")]
    [InlineData("""{"resources":{"api-":{"type":"project.v0"}}}""", "aspire-manifest.json: resource name \"api-\" is not an Aspire resource name (at most 64 ASCII letters, digits and single hyphens, starting with a letter and not ending with a hyphen)")]
    [InlineData("""{"resources":{"db":{"type":"container.v0","image":"postgres 15"}}}""", "aspire-manifest.json: resources.db.image must be an image reference such as \"docker.io/library/redis:7\" (got \"postgres 15\")")]
    [InlineData("""{"resources":{"s":{"type":"annotated.string","value":"x","filter":"base64"}}}""", "aspire-manifest.json: resources.s.filter must be \"uri\", the only filter the deployer applies (got \"base64\")")]
    [InlineData("""[]""", "aspire-manifest.json: no \"resources\" object; is this an Aspire manifest?")]
    public void Values_of_the_right_type_but_not_of_the_manifest_format_are_errors(string json, string expected)
    {
        var problem = Assert.Throws<DeployProblem>(() => ManifestReader.Parse(json));

        Assert.Equal(expected, problem.Message);
    }

    [Fact]
    public void A_resource_name_may_have_64_characters_but_not_65()
    {
        var longest = "a" + new string('1', 63);

        Assert.NotNull(ManifestReader.Parse(OneValue(longest)).Find(longest));
        var problem = Assert.Throws<DeployProblem>(() => ManifestReader.Parse(OneValue(longest + "1")));
        Assert.Contains("is not an Aspire resource name", problem.Message);

        static string OneValue(string name) => "{\"resources\":{\"" + name + "\":{\"type\":\"value.v0\",\"connectionString\":\"x\"}}}";
    }

    [Fact]
    public void An_unclosed_placeholder_is_quoted_and_cut_in_the_error()
    {
        var text = "{postgres.bindings.tcp.host" + new string('x', 100);

        var problem = Assert.Throws<DeployProblem>(() => new PlaceholderResolver(Committed).Resolve("api", text));

        Assert.Equal($"aspire-manifest.json: resource 'api' has an unclosed placeholder in \"{text[..60]}...\"", problem.Message);
    }

    [Fact]
    public void A_placeholder_with_a_line_break_is_reported_on_one_line()
    {
        var manifest = ManifestReader.Parse(CommittedManifestEdit.With("resources.api.env.X", "\"{no\\nsuch.connectionString}\""));

        var problem = Assert.Throws<DeployProblem>(() => new PlaceholderResolver(manifest).Resolve("api", manifest.Find("api")!.Env["X"]));

        Assert.Equal(@"aspire-manifest.json: resource 'api' references '{no\nsuch.connectionString}' but there is no resource 'no\nsuch'; add it to the AppHost or remove the reference", problem.Message);
    }
}

/// <summary>The committed manifest with one value replaced (or added): PATH is dot-separated, array items by index.</summary>
internal static class CommittedManifestEdit
{
    public static string With(string path, string json)
    {
        var root = JsonNode.Parse(File.ReadAllText(SynthFixture.CommittedManifest))!;
        var segments = path.Split('.');
        var parent = segments[..^1].Aggregate(root, (node, segment) =>
            (node is JsonArray array ? array[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)] : node[segment])
            ?? throw new ArgumentException($"{path}: '{segment}' is not in the committed manifest"));
        var value = JsonNode.Parse(json);
        if (parent is JsonArray items)
        {
            items[int.Parse(segments[^1], System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[segments[^1]] = value;
        }

        return root.ToJsonString();
    }
}
