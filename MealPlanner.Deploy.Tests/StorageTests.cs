using Amazon.CDK.Assertions;
using MealPlanner.Deploy.Mapping;

namespace MealPlanner.Deploy.Tests;

/// <summary>The manifest's S3-compatible store (known by its connection string) becomes the image bucket and its CloudFront distribution.</summary>
[Collection(SynthCollection.Name)]
public sealed class StorageTests(SynthFixture synth)
{
    [Fact]
    public void Bucket_is_private_unversioned_with_temp_expiring_after_a_day_and_cors_for_the_frontend()
    {
        synth.Future.Platform.HasResourceProperties("AWS::S3::Bucket", new Dictionary<string, object>
        {
            ["BucketName"] = "meal-planner-images-production",
            ["PublicAccessBlockConfiguration"] = new Dictionary<string, object>
            {
                ["BlockPublicAcls"] = true,
                ["BlockPublicPolicy"] = true,
                ["IgnorePublicAcls"] = true,
                ["RestrictPublicBuckets"] = true,
            },
            ["VersioningConfiguration"] = Match.Absent(),
            ["LifecycleConfiguration"] = new Dictionary<string, object>
            {
                ["Rules"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
                {
                    ["Prefix"] = "temp/",
                    ["ExpirationInDays"] = 1,
                    ["Status"] = "Enabled",
                })]),
            },
            ["CorsConfiguration"] = new Dictionary<string, object>
            {
                ["CorsRules"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
                {
                    ["AllowedOrigins"] = new[] { "https://mealplanner.com" },
                    ["AllowedMethods"] = Match.ArrayWith(["PUT"]),
                })]),
            },
        });
    }

    [Fact]
    public void Cloudfront_reads_the_bucket_through_origin_access_control_with_a_one_week_ttl()
    {
        var template = synth.Future.Platform;

        template.HasResourceProperties("AWS::CloudFront::OriginAccessControl", new Dictionary<string, object>
        {
            ["OriginAccessControlConfig"] = Match.ObjectLike(new Dictionary<string, object> { ["OriginAccessControlOriginType"] = "s3", ["SigningBehavior"] = "always" }),
        });
        template.HasResourceProperties("AWS::CloudFront::Distribution", new Dictionary<string, object>
        {
            ["DistributionConfig"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Origins"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
                {
                    ["OriginAccessControlId"] = Match.AnyValue(),
                    ["S3OriginConfig"] = Match.ObjectLike(new Dictionary<string, object> { ["OriginAccessIdentity"] = "" }),
                })]),
                ["DefaultCacheBehavior"] = Match.ObjectLike(new Dictionary<string, object> { ["ViewerProtocolPolicy"] = "redirect-to-https" }),
            }),
        });
        template.HasResourceProperties("AWS::CloudFront::CachePolicy", new Dictionary<string, object>
        {
            ["CachePolicyConfig"] = Match.ObjectLike(new Dictionary<string, object> { ["DefaultTTL"] = 604800, ["MaxTTL"] = 604800 }),
        });
    }

    [Fact]
    public void The_bucket_exists_exactly_when_the_manifest_has_a_store_of_the_object_store_shape()
    {
        var committed = synth.Committed("production");
        var hasStore = committed.Deployment.Plan.Manifest.Resources.Any(r => r.IsContainer && MappingRules.IsObjectStore(r.ConnectionString));

        var imageBuckets = committed.Resources("AWS::S3::Bucket").Count(b => b.Resource["Properties"]?["BucketName"]?.ToString() == "meal-planner-images-production");
        Assert.True(hasStore);
        Assert.Equal(1, imageBuckets);
    }

    [Fact]
    public void Static_aws_keys_in_a_manifest_never_reach_a_task()
    {
        var future = synth.Future;
        var manifestApi = future.Deployment.Plan.Projects.Single(p => p.Name == "api");
        Assert.Contains(manifestApi.Env, e => e.Key == "AWS_ACCESS_KEY_ID");

        foreach (var service in new[] { "api", "migrations" })
        {
            var container = future.Container(service);
            var names = (container["Environment"]?.AsArray() ?? []).Select(e => e!["Name"]!.GetValue<string>())
                .Concat(Synthesized.Names(container["Secrets"])).ToList();
            Assert.DoesNotContain("AWS_ACCESS_KEY_ID", names);
            Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", names);
        }
    }

    [Fact]
    public void The_api_reaches_the_bucket_by_task_role_on_the_specs_prefixes_with_no_keys()
    {
        var s = synth.Future;
        var api = s.Container("api");
        var plain = api["Environment"]?.ToJsonString() ?? "";

        // Everything about the store travels in the connection string; no variable of the deployer's own beside it.
        Assert.Contains("ConnectionStrings__storage", Synthesized.Names(api["Secrets"]));
        Assert.DoesNotContain("Storage__", plain);
        Assert.DoesNotContain("AWS__", plain);
        Assert.DoesNotContain("minioadmin", s.PlatformJson.ToJsonString(), StringComparison.Ordinal);

        // The local shape minus Endpoint, path style and keys: Region, Bucket, and CloudFront as the public base URL.
        var connection = s.SecretNamed("production/api/ConnectionStrings__storage")["Properties"]!["SecretString"]!.ToJsonString();
        Assert.Contains("Region=us-east-1;Bucket=", connection);
        Assert.Contains("StorageImages", connection);
        Assert.Contains(";PublicBaseUrl=https://", connection);
        Assert.Contains("DomainName", connection);
        foreach (var local in new[] { "Endpoint", "ForcePathStyle", "AccessKey", "SecretKey", "storage-user", "storage-password" })
        {
            Assert.DoesNotContain(local, connection);
        }

        var apiPolicy = s.Resources("AWS::IAM::Policy").Single(p => p.Id.StartsWith("apiserviceTaskRoleDefaultPolicy", StringComparison.Ordinal)).Resource.ToJsonString();
        foreach (var prefix in new[] { "/recipes/*", "/users/*", "/temp/*" })
        {
            Assert.Contains(prefix, apiPolicy);
        }

        Assert.DoesNotContain("s3:*", apiPolicy);
        Assert.DoesNotContain("s3:", s.Resources("AWS::IAM::Policy").Where(p => p.Id.StartsWith("migrationstaskTaskRole", StringComparison.Ordinal)).Select(p => p.Resource.ToJsonString()).FirstOrDefault() ?? "");
    }
}
