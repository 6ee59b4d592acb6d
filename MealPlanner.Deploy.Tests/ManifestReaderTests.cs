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
}
