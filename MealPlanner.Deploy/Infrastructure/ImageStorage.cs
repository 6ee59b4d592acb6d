using Amazon.CDK;
using Amazon.CDK.AWS.CloudFront;
using Amazon.CDK.AWS.CloudFront.Origins;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Constructs;
using MealPlanner.Deploy.Settings;
using S3LifecycleRule = Amazon.CDK.AWS.S3.LifecycleRule;

namespace MealPlanner.Deploy.Infrastructure;

/// <summary>
/// US-1.4: the image bucket meal-planner-images-{env} (private, unversioned, temp/ expiring after a
/// day, CORS for the frontend) served by CloudFront through Origin Access Control with a one-week TTL.
/// </summary>
public sealed class ImageStorage : Construct
{
    /// <summary>The spec's bucket structure; the API's task role is limited to these prefixes.</summary>
    public static readonly IReadOnlyList<string> Prefixes = ["recipes/", "users/", "temp/"];

    public Bucket Bucket { get; }
    public Distribution Distribution { get; }

    public ImageStorage(Construct scope, string id, StorageSettings settings, Bucket logs) : base(scope, id)
    {
        Bucket = new Bucket(this, "Images", new BucketProps
        {
            BucketName = settings.BucketName,
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            Versioned = false,
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            ServerAccessLogsBucket = logs,
            ServerAccessLogsPrefix = "s3/images/",
            // Kept on update and stack deletion, but deleted by a failed first create's rollback, so the
            // retry can create the fixed name again.
            RemovalPolicy = RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
            LifecycleRules =
            [
                new S3LifecycleRule
                {
                    Id = "expire-temp-uploads",
                    Prefix = "temp/",
                    Expiration = Duration.Days(settings.TempExpirationDays!.Value),
                    AbortIncompleteMultipartUploadAfter = Duration.Days(1),
                },
            ],
            Cors =
            [
                new CorsRule
                {
                    AllowedOrigins = settings.CorsOrigins!.ToArray(),
                    AllowedMethods = [HttpMethods.GET, HttpMethods.PUT, HttpMethods.POST, HttpMethods.HEAD],
                    AllowedHeaders = ["*"],
                    ExposedHeaders = ["ETag"],
                    MaxAge = 3000,
                },
            ],
        });
        // Versioning stays off by the spec (US-1.4): images are re-uploadable and temp/ churns daily.

        Nag.SuppressGuard(Bucket.Node.DefaultChild!, "s3_bucket_versioning_enabled_check", "The spec (US-1.4) sets versioning off: images are re-uploadable and temp/ churns daily.");
        Nag.SuppressGuard(Bucket.Node.DefaultChild!, "s3_bucket_default_encryption_kms_check", "SSE-S3 (AES-256): CloudFront OAC reads it without a KMS key policy, and the images are public through the CDN anyway.");
        Nag.SuppressGuard(Bucket.Node.DefaultChild!, "s3_event_notifications_enabled_check", "Nothing reacts to uploads yet; the API records them itself.");
        Nag.SuppressGuard(Bucket.Node.DefaultChild!, "s3_bucket_object_lock_enabled_check", "Object Lock would forbid the temp/ expiry and user deletions the spec requires.");

        var ttl = Duration.Days(settings.CdnTtlDays!.Value);
        var cachePolicy = new CachePolicy(this, "ImagesCachePolicy", new CachePolicyProps
        {
            Comment = "Images: one week at the edge",
            DefaultTtl = ttl,
            MaxTtl = ttl,
            MinTtl = Duration.Seconds(0),
            EnableAcceptEncodingGzip = true,
            EnableAcceptEncodingBrotli = true,
        });

        Distribution = new Distribution(this, "Cdn", new DistributionProps
        {
            Comment = $"{settings.BucketName} images",
            DefaultBehavior = new BehaviorOptions
            {
                Origin = S3BucketOrigin.WithOriginAccessControl(Bucket),
                ViewerProtocolPolicy = ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                CachePolicy = cachePolicy,
                AllowedMethods = AllowedMethods.ALLOW_GET_HEAD,
            },
            PriceClass = PriceClass.PRICE_CLASS_100,
            HttpVersion = HttpVersion.HTTP2_AND_3,
            EnableLogging = true,
            LogBucket = logs,
            LogFilePrefix = "cloudfront/images/",
        });
        Nag.Suppress(Distribution.Node.DefaultChild!, "AwsSolutions-CFR1", "Recipes are public content for a global audience: no geo restriction.");
        Nag.Suppress(Distribution.Node.DefaultChild!, "AwsSolutions-CFR2", "Read-only GETs of static images, origin reachable only through OAC; WAF is not worth its cost here.");
        const string DefaultDomain = "Uses the default *.cloudfront.net domain and certificate, whose TLS policy CloudFront fixes; a custom CDN domain (with its own certificate, SNI and TLSv1.2_2021) is a later decision.";
        Nag.Suppress(Distribution.Node.DefaultChild!, "AwsSolutions-CFR4", DefaultDomain);
        Nag.SuppressGuard(Distribution.Node.DefaultChild!, "cloudfront_custom_ssl_certificate_check", DefaultDomain);
        Nag.SuppressGuard(Distribution.Node.DefaultChild!, "cloudfront_sni_enabled_check", DefaultDomain);
        Nag.SuppressGuard(Distribution.Node.DefaultChild!, "cloudfront_security_policy_check", DefaultDomain);
        Nag.SuppressGuard(Distribution.Node.DefaultChild!, "cloudfront_default_root_object_configured_check", "An image CDN, not a website: there is no index document to serve at '/'.");
        Nag.SuppressGuard(Distribution.Node.DefaultChild!, "cloudfront_origin_failover_enabled_check", "One regional bucket is the only origin; S3's own durability covers it, a replica bucket is not in the spec.");
    }

    /// <summary>Read/write/delete on the spec's prefixes only, plus listing inside them.</summary>
    public void GrantPrefixes(Role role)
    {
        IGrantable grantee = role;
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            Resources = Prefixes.Select(p => Bucket.ArnForObjects($"{p}*")).ToArray(),
        }));
        grantee.GrantPrincipal.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = ["s3:ListBucket"],
            Resources = [Bucket.BucketArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringLike"] = new Dictionary<string, object> { ["s3:prefix"] = Prefixes.Select(p => $"{p}*").ToArray() },
            },
        }));
        // The logical id is a token here; CDK resolves it inside the metadata at synthesis.
        var bucketId = Stack.Of(this).GetLogicalId((CfnElement)Bucket.Node.DefaultChild!);
        Nag.Suppress(role, "AwsSolutions-IAM5", "Object wildcards are limited to the spec's prefixes (recipes/, users/, temp/) of this one bucket.",
            Prefixes.Select(p => $"Resource::<{bucketId}.Arn>/{p}*").ToArray());
    }
}
