using Amazon.CDK.Assertions;

namespace MealPlanner.Deploy.Tests;

/// <summary>US-1.3: ElastiCache Redis 7 replication group.</summary>
[Collection(SynthCollection.Name)]
public sealed class CacheTests(SynthFixture synth)
{
    [Fact]
    public void Redis_7_primary_and_replica_with_failover_multi_az_encryption_auth_and_7_day_snapshots()
    {
        synth.Committed("production").Platform.HasResourceProperties("AWS::ElastiCache::ReplicationGroup", new Dictionary<string, object>
        {
            ["Engine"] = "redis",
            ["EngineVersion"] = Match.StringLikeRegexp("^7"),
            ["CacheNodeType"] = "cache.t3.micro",
            ["NumCacheClusters"] = 2,
            ["AutomaticFailoverEnabled"] = true,
            ["MultiAZEnabled"] = true,
            ["AtRestEncryptionEnabled"] = true,
            ["TransitEncryptionEnabled"] = true,
            ["SnapshotRetentionLimit"] = 7,
            ["AuthToken"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["Fn::Join"] = Match.ArrayWith([Match.ArrayWith(["{{resolve:secretsmanager:", Match.ObjectLike(new Dictionary<string, object> { ["Ref"] = Match.StringLikeRegexp("CacheAuthToken") })])]),
            }),
        });
    }

    [Fact]
    public void The_auth_token_is_a_generated_secret_without_punctuation()
    {
        synth.Committed("production").Platform.HasResourceProperties("AWS::SecretsManager::Secret", new Dictionary<string, object>
        {
            ["Tags"] = SecretsTests.NamedAs("production/cache/auth-token"),
            ["GenerateSecretString"] = Match.ObjectLike(new Dictionary<string, object> { ["ExcludePunctuation"] = true, ["PasswordLength"] = 32 }),
        });
    }

    [Fact]
    public void The_cache_lives_in_the_isolated_subnets_and_logs_to_cloudwatch()
    {
        var s = synth.Committed("production");

        Assert.Contains("isolatedSubnet", s.Resources("AWS::ElastiCache::SubnetGroup").Single().Resource["Properties"]!["SubnetIds"]!.ToJsonString());
        s.Platform.HasResourceProperties("AWS::ElastiCache::ReplicationGroup", new Dictionary<string, object>
        {
            ["LogDeliveryConfigurations"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object> { ["LogType"] = "slow-log", ["DestinationType"] = "cloudwatch-logs" })]),
        });
    }
}
