using System.Text.RegularExpressions;
using MealPlanner.Deploy.Manifest;
using MealPlanner.Deploy.Mapping;
using MealPlanner.Deploy.Settings;

namespace MealPlanner.Deploy.Tests;

/// <summary>Unit tests of the mapping rules and the settings defaults (no CDK, no jsii).</summary>
public sealed partial class DeploymentPlanTests
{
    private static DeploySettings Settings(string file = "settings-fixture.json", string env = "production") =>
        DeploySettings.Load(SynthFixture.Fixture(file), DeploymentEnvironment.Of(env));

    private static DeploymentPlan Plan(string manifest, string env = "production") =>
        DeploymentPlan.Create(ManifestReader.Load(manifest), Settings(env: env), DeploymentEnvironment.Of(env));

    [Fact]
    public void Containers_map_by_image_or_connection_string_shape_and_projects_by_http_binding_or_marker()
    {
        var plan = Plan(SynthFixture.Fixture("future-manifest.json"));

        Assert.Equal(BackingKind.Postgres, plan.BackingServices.Single(b => b.Name == "postgres").Kind);
        Assert.Equal(BackingKind.Redis, plan.BackingServices.Single(b => b.Name == "cache").Kind);
        Assert.Equal(BackingKind.Pooler, plan.BackingServices.Single(b => b.Name == "pgbouncer").Kind);
        Assert.Equal(BackingKind.Storage, plan.BackingServices.Single(b => b.Name == "storage").Kind);
        Assert.Equal(ProjectRole.WebService, plan.Projects.Single(p => p.Name == "api").Role);
        Assert.Equal(ProjectRole.OneOffTask, plan.Projects.Single(p => p.Name == "migrations").Role);
    }

    [Fact]
    public void The_committed_manifest_maps_every_container_and_project()
    {
        var plan = Plan(SynthFixture.CommittedManifest);

        Assert.Contains(plan.BackingServices, b => b is { Name: "postgres", Kind: BackingKind.Postgres });
        Assert.Contains(plan.BackingServices, b => b is { Name: "cache", Kind: BackingKind.Redis });
        Assert.Equal(["api"], plan.WebServices.Select(p => p.Name));
        Assert.Equal(["migrations"], plan.OneOffTasks.Select(p => p.Name));
        Assert.Empty(plan.BackgroundServices);
        Assert.Contains(plan.BackingServices, b => b is { Name: "storage", Kind: BackingKind.Storage });
        Assert.Equal("mealplanner", Assert.Single(plan.Databases).DatabaseName);
    }

    [Fact]
    public void The_committed_manifest_marks_migrations_run_to_completion_and_nothing_else()
    {
        var manifest = ManifestReader.Load(SynthFixture.CommittedManifest);

        Assert.Equal(["migrations"], manifest.Resources.Where(r => r.Lifecycle == MappingRules.RunToCompletion).Select(r => r.Name));
    }

    [Theory]
    [InlineData("Endpoint={s.bindings.http.url};Bucket=images", true)]
    [InlineData("endpoint=http://x:9000; bucket = images ;Region=us-east-1;AccessKey=a;SecretKey=b", true)]
    [InlineData("Endpoint=http://x:9000;AccessKey=a;SecretKey=b", false)]
    [InlineData("Bucket=images;Region=us-east-1", false)]
    [InlineData("Host={postgres.bindings.tcp.host};Port=5432;Database=bucket", false)]
    [InlineData(null, false)]
    public void An_object_store_is_a_connection_string_with_an_endpoint_and_a_bucket(string? connectionString, bool expected)
    {
        Assert.Equal(expected, MappingRules.IsObjectStore(connectionString));
    }

    [Fact]
    public void A_container_is_storage_by_its_connection_string_not_by_its_name_or_image()
    {
        var manifest = ManifestReader.Parse("""
            {"resources":{
              "api":{"type":"project.v0","path":"a.csproj","bindings":{"http":{"scheme":"http","protocol":"tcp","transport":"http"}}},
              "storage":{"type":"container.v0","image":"docker.io/adobe/s3mock:4.4.0"}}}
            """);

        var problem = Assert.Throws<DeployProblem>(() => DeploymentPlan.Create(manifest, Settings(), DeploymentEnvironment.Of("production")));

        Assert.StartsWith("aspire-manifest.json: container 'storage' (image 'docker.io/adobe/s3mock:4.4.0') has no AWS mapping", problem.Message);
        Assert.Contains("Endpoint=...;Bucket=...", problem.Message);
    }

    [Theory]
    [InlineData("runToCompletion", ""","bindings":{"http":{"scheme":"http","protocol":"tcp","transport":"http"}}""", "project 'job' is marked \"lifecycle\": \"runToCompletion\" but has an http binding")]
    [InlineData("forever", "", "project 'job' has \"lifecycle\": \"forever\"; the deployer understands only \"runToCompletion\"")]
    public void A_lifecycle_the_deployer_cannot_honour_is_a_one_line_error(string lifecycle, string bindings, string expected)
    {
        var job = $"\"job\":{{\"type\":\"project.v0\",\"path\":\"j.csproj\",\"lifecycle\":\"{lifecycle}\"{bindings}}}";
        var manifest = ManifestReader.Parse(
            "{\"resources\":{\"api\":{\"type\":\"project.v0\",\"path\":\"a.csproj\",\"bindings\":{\"http\":{\"scheme\":\"http\"}}}," + job + "}}");

        var problem = Assert.Throws<DeployProblem>(() => DeploymentPlan.Create(manifest, Settings(), DeploymentEnvironment.Of("production")));

        Assert.Contains(expected, problem.Message);
        Assert.DoesNotContain('\n', problem.Message);
    }

    [Theory]
    [InlineData("api-cors-origins")]
    [InlineData("api-trusted-proxy-networks")]
    public void The_committed_manifests_edge_parameters_have_no_default_so_each_environment_must_give_one(string parameter)
    {
        var manifest = ManifestReader.Load(SynthFixture.CommittedManifest);
        var settings = Settings();
        settings.Parameters = new Dictionary<string, string>
        {
            ["api-cors-origins"] = "https://example.com",
            ["api-trusted-proxy-networks"] = "10.0.0.0/16",
        };
        settings.Parameters.Remove(parameter);

        var problem = Assert.Throws<DeployProblem>(() => DeploymentPlan.Create(manifest, settings, DeploymentEnvironment.Of("production")));

        Assert.Contains($"parameter '{parameter}' has no value for AWS", problem.Message);
    }

    [Theory]
    [InlineData("staging", "https://staging.mealplanner.com")]
    [InlineData("production", "https://mealplanner.com,https://www.mealplanner.com")]
    public void Each_environment_names_its_own_frontend_origins_for_the_api_and_never_localhost(string env, string origins)
    {
        var settings = DeploySettings.Load(SynthFixture.SettingsFile(env), DeploymentEnvironment.Of(env));

        Assert.Equal(origins, settings.Parameters["api-cors-origins"]);
        Assert.DoesNotContain("localhost", settings.Parameters["api-cors-origins"], StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The deployer maps resources and settings; the application's configuration keys live in the AppHost
    /// (and so in the manifest) only. A key literal like "Section__Key" in the deployer's sources would be a second
    /// contract. Nothing is allowed: ConnectionStrings__ appears only as a prefix (followed by a quote), and the AWS
    /// SDK's region needs no variable because the storage connection string carries it.</summary>
    [Fact]
    public void The_deployer_names_no_application_configuration_key()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(SynthFixture.RepositoryRoot, "MealPlanner.Deploy"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();

        var found = sources.SelectMany(path => File.ReadLines(path).Select((line, i) => (path, line, number: i + 1)))
            .Where(x => AppConfigurationKey().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(SynthFixture.RepositoryRoot, x.path)}:{x.number}: {x.line.Trim()}")
            .ToList();

        Assert.NotEmpty(sources);
        Assert.Empty(found);
    }

    [GeneratedRegex("\"[A-Z][A-Za-z]+__[A-Za-z]")]
    private static partial Regex AppConfigurationKey();

    [Fact]
    public void The_database_password_belongs_to_postgres_even_when_the_pooler_reads_it_too()
    {
        var plan = Plan(SynthFixture.Fixture("future-manifest.json"));

        Assert.Equal(BackingKind.Postgres, plan.OwnerOfParameter("postgres-password"));
        Assert.Equal(BackingKind.Redis, plan.OwnerOfParameter("cache-password"));
        Assert.Equal(BackingKind.Storage, plan.OwnerOfParameter("storage-password"));
        Assert.Null(plan.OwnerOfParameter("admin-password"));
        Assert.Equal(["admin-password"], plan.AppSecretParameters.Select(p => p.Name));
    }

    [Fact]
    public void Connection_targets_are_classified_through_value_resources_and_poolers()
    {
        var plan = Plan(SynthFixture.Fixture("future-manifest.json"));

        Assert.Equal(BackingKind.Postgres, plan.ConnectionKind("mealplanner"));
        Assert.Equal(BackingKind.Pooler, plan.ConnectionKind("pgbouncer"));
        Assert.Equal(BackingKind.Redis, plan.ConnectionKind("cache"));
        Assert.Equal(BackingKind.Storage, plan.ConnectionKind("storage"));
    }

    [Fact]
    public void A_parameter_without_a_value_is_an_error_that_says_where_to_set_it()
    {
        var manifest = ManifestReader.Load(SynthFixture.Fixture("missing-parameter.json"));
        var settings = DeploySettings.Load(SynthFixture.SettingsFile("staging"), DeploymentEnvironment.Of("staging"));

        var problem = Assert.Throws<DeployProblem>(() => DeploymentPlan.Create(manifest, settings, DeploymentEnvironment.Of("staging")));

        Assert.Equal("missing-parameter.json: parameter 'mode' has no value for AWS; add \"parameters\": { \"mode\": \"...\" } to settings/staging.json", problem.Message);
    }

    [Fact]
    public void A_parameter_value_from_the_settings_satisfies_the_manifest()
    {
        var plan = DeploymentPlan.Create(ManifestReader.Load(SynthFixture.Fixture("missing-parameter.json")), Settings(), DeploymentEnvironment.Of("production"));

        Assert.Single(plan.WebServices);
    }

    [Fact]
    public void A_container_without_an_aws_mapping_is_an_error()
    {
        var manifest = ManifestReader.Parse("""
            {"resources":{
              "api":{"type":"project.v0","path":"a.csproj","bindings":{"http":{"scheme":"http","protocol":"tcp","transport":"http"}}},
              "queue":{"type":"container.v0","image":"docker.io/library/rabbitmq:3"}}}
            """);

        var problem = Assert.Throws<DeployProblem>(() => DeploymentPlan.Create(manifest, Settings(), DeploymentEnvironment.Of("production")));

        Assert.StartsWith("aspire-manifest.json: container 'queue' (image 'docker.io/library/rabbitmq:3') has no AWS mapping; supported:", problem.Message);
    }

    [Fact]
    public void Defaults_are_the_spec_values_and_fill_only_what_settings_leave_empty()
    {
        var production = DeploySettings.Load(SynthFixture.SettingsFile("production"), DeploymentEnvironment.Of("production"));
        var staging = DeploySettings.Load(SynthFixture.SettingsFile("staging"), DeploymentEnvironment.Of("staging"));

        Assert.Equal("t3.small", production.Database.InstanceType);
        Assert.Equal(100, production.Database.AllocatedStorageGb);
        Assert.Equal(1000, production.Database.MaxAllocatedStorageGb);
        Assert.Equal(30, production.Database.BackupRetentionDays);
        Assert.Equal("03:00-03:30", production.Database.BackupWindow);
        Assert.True(production.Database.DeletionProtection);
        Assert.False(staging.Database.DeletionProtection);
        Assert.Equal("cache.t3.micro", production.Cache.NodeType);
        Assert.Equal(7, production.Cache.SnapshotRetentionDays);
        Assert.Equal("meal-planner-images-production", production.Storage.BucketName);
        Assert.Equal([50, 100, 150], production.Budget.AlertsUsd);

        var custom = new DeploySettings { Database = new DatabaseSettings { InstanceType = "t3.medium", BackupRetentionDays = 7 } };
        Defaults.Fill(custom, DeploymentEnvironment.Of("staging"));
        Assert.Equal("t3.medium", custom.Database.InstanceType);
        Assert.Equal(7, custom.Database.BackupRetentionDays);
        Assert.Equal(100, custom.Database.AllocatedStorageGb);
    }

    [Fact]
    public void Unknown_settings_properties_are_rejected()
    {
        var file = Path.Combine(Path.GetTempPath(), $"settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "databse": { "instanceType": "t3.small" } }""");
        try
        {
            var problem = Assert.Throws<DeployProblem>(() => DeploySettings.Load(file, DeploymentEnvironment.Of("staging")));

            Assert.Contains("databse", problem.Message);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Options_require_a_known_environment()
    {
        var problem = Assert.Throws<DeployProblem>(() => DeployOptions.Parse(["--env", "prod"], SynthFixture.RepositoryRoot));

        Assert.StartsWith("--env must be one of staging, production (got 'prod')", problem.Message);
        var options = DeployOptions.Parse(["--env", "production"], SynthFixture.RepositoryRoot);
        Assert.Equal(SynthFixture.CommittedManifest, options.ManifestPath);
    }
}
