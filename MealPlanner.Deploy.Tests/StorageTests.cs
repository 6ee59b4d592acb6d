using Amazon.CDK.Assertions;

namespace MealPlanner.Deploy.Tests;

/// <summary>US-1.4: the manifest's `storage` becomes the image bucket and its CloudFront distribution.</summary>
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
    public void The_bucket_exists_exactly_when_the_manifest_has_storage()
    {
        var committed = synth.Committed("production");
        var hasStorage = committed.Deployment.Plan.Manifest.Find("storage") is not null;

        var imageBuckets = committed.Resources("AWS::S3::Bucket").Count(b => b.Resource["Properties"]?["BucketName"]?.ToString() == "meal-planner-images-production");
        Assert.Equal(hasStorage ? 1 : 0, imageBuckets);
    }

    [Fact]
    public void The_local_stores_fixed_keys_in_the_committed_manifest_never_reach_a_task()
    {
        var committed = synth.Committed("production");
        var manifestApi = committed.Deployment.Plan.Projects.Single(p => p.Name == "api");
        Assert.Contains(manifestApi.Env, e => e.Key == "AWS_ACCESS_KEY_ID");

        foreach (var service in new[] { "api", "migrations" })
        {
            var container = committed.Container(service);
            var names = (container["Environment"]?.AsArray() ?? []).Select(e => e!["Name"]!.GetValue<string>())
                .Concat(Synthesized.Names(container["Secrets"])).ToList();
            Assert.DoesNotContain("AWS_ACCESS_KEY_ID", names);
            Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", names);
        }
    }

    [Fact]
    public void The_api_trusts_forwarded_headers_only_from_the_vpc_and_allows_the_frontend_origins()
    {
        var api = synth.Committed("production").Container("api");
        var env = api["Environment"]!.AsArray().ToDictionary(e => e!["Name"]!.GetValue<string>(), e => e!["Value"]!.ToJsonString());

        Assert.Equal("\"10.0.0.0/16\"", env["ForwardedHeaders__KnownNetworks__0"]);
        Assert.Equal("\"https://mealplanner.com\"", env["Cors__AllowedOrigins__0"]);
        Assert.Equal("\"https://www.mealplanner.com\"", env["Cors__AllowedOrigins__1"]);
        Assert.DoesNotContain(env.Values, value => value.Contains("localhost", StringComparison.Ordinal));
    }

    [Fact]
    public void The_api_reaches_the_bucket_by_task_role_on_the_specs_prefixes_with_no_keys()
    {
        var s = synth.Future;
        var api = s.Container("api");
        var env = api["Environment"]!.AsArray().ToDictionary(e => e!["Name"]!.GetValue<string>(), e => e!["Value"]!);

        Assert.Equal("us-east-1", env["Storage__Region"]!.GetValue<string>());
        Assert.Contains("StorageImages", env["Storage__BucketName"]!.ToJsonString());
        Assert.DoesNotContain("Storage__SecretKey", env.Keys);
        Assert.DoesNotContain("Storage__SecretKey", Synthesized.Names(api["Secrets"]));
        Assert.Contains("ConnectionStrings__storage", Synthesized.Names(api["Secrets"]));
        Assert.DoesNotContain("minioadmin", s.PlatformJson.ToJsonString(), StringComparison.Ordinal);
        // The manifest's emulator settings become the real S3 ones; its access keys never reach AWS.
        Assert.Equal("https://s3.us-east-1.amazonaws.com", env["AWS__ServiceURL"]!.GetValue<string>());
        Assert.Equal("us-east-1", env["AWS__Region"]!.GetValue<string>());
        Assert.Equal("false", env["Storage__ForcePathStyle"]!.GetValue<string>());
        Assert.Contains("CdnDomain", env["Storage__PublicBaseUrl"]!.ToJsonString().Replace("StorageCdn", "CdnDomain", StringComparison.Ordinal));
        Assert.DoesNotContain("AWS_ACCESS_KEY_ID", env.Keys);
        Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", env.Keys);
        Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", Synthesized.Names(api["Secrets"]));

        var apiPolicy = s.Resources("AWS::IAM::Policy").Single(p => p.Id.StartsWith("apiserviceTaskRoleDefaultPolicy", StringComparison.Ordinal)).Resource.ToJsonString();
        foreach (var prefix in new[] { "/recipes/*", "/users/*", "/temp/*" })
        {
            Assert.Contains(prefix, apiPolicy);
        }

        Assert.DoesNotContain("s3:*", apiPolicy);
        Assert.DoesNotContain("s3:", s.Resources("AWS::IAM::Policy").Where(p => p.Id.StartsWith("migrationstaskTaskRole", StringComparison.Ordinal)).Select(p => p.Resource.ToJsonString()).FirstOrDefault() ?? "");
    }
}
